import type Stripe from "stripe";
import { beforeEach, describe, expect, it } from "vitest";
import { addInterval } from "./billing-periods.js";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

/* The subscription lifecycle driven by test clocks, over HTTP with the official client. */

const kit = useEmulatorKit();
const DAY = 86_400;
const START = Math.floor(Date.UTC(2026, 0, 31, 12) / 1000);
const month = (n: number) => addInterval(START, "month", n);

beforeEach(async () => {
  await kit.control("/_emulator/reset");
});

async function subscriber(card = "pm_card_visa") {
  const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await kit.stripe.customers.create({ email: "member@example.com", test_clock: clock.id });
  const pm = await kit.stripe.paymentMethods.attach(card, { customer: customer.id });
  await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const price = await kit.stripe.prices.create({
    currency: "usd",
    unit_amount: 1500,
    recurring: { interval: "month" },
    product_data: { name: "Coffee club" },
  });
  const advanceTo = (frozen_time: number) => kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time });
  return { clock, customer, price, advanceTo };
}

const eventsOf = async (type: string) => (await kit.stripe.events.list({ type, limit: 100 })).data;
const invoicesOf = async (subscription: string) =>
  (await kit.stripe.invoices.list({ subscription, limit: 100 })).data.reverse();

describe("trials", () => {
  it("bills $0 during the trial, warns three days before it ends, then bills the price and goes active", async () => {
    const { customer, price, advanceTo } = await subscriber();
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
    });
    expect(sub).toMatchObject({ status: "trialing", trial_start: START, trial_end: START + 14 * DAY });
    expect(sub.items.data[0]?.current_period_end).toBe(START + 14 * DAY);

    await advanceTo(START + 12 * DAY);
    const notices = await eventsOf("customer.subscription.trial_will_end");
    expect(notices.map((e) => [(e.data.object as Stripe.Subscription).id, e.created])).toEqual([
      [sub.id, START + 11 * DAY],
    ]);

    await advanceTo(START + 15 * DAY);
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.billing_reason, i.status, i.amount_paid, i.lines.data[0]?.description])).toEqual([
      ["subscription_create", "paid", 0, `Trial period for ${price.id}`],
      ["subscription_cycle", "paid", 1500, `1 × ${price.id}`],
    ]);
    const active = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe("active");
    expect(active.items.data[0]?.current_period_end).toBe(addInterval(START + 14 * DAY, "month", 1));
    const renewal = invoices[1]!.id;
    const forRenewal = (await kit.stripe.events.list({ limit: 100 })).data
      .filter((e) => e.type.startsWith("invoice.") && (e.data.object as Stripe.Invoice).id === renewal)
      .map((e) => e.type)
      .reverse();
    expect(forRenewal).toEqual(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
  });
});

describe("trials without a payment method", () => {
  it("invoices at the trial's end, goes past_due and schedules no retry (nothing to retry with)", async () => {
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await kit.stripe.customers.create({ email: "trial@example.com", test_clock: clock.id });
    const price = await kit.stripe.prices.create({
      currency: "usd",
      unit_amount: 900,
      recurring: { interval: "week", interval_count: 2 },
      product_data: { name: "Fortnightly box" },
    });
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_end: START + 7 * DAY,
    });
    expect(sub.status).toBe("trialing");
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 30 * DAY });
    const pastDue = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const invoice = await kit.stripe.invoices.retrieve(String(pastDue.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 1, next_payment_attempt: null, amount_due: 900 });
  });
});

describe("failed renewals and retries", () => {
  async function failingRenewal() {
    const setup = await subscriber();
    const sub = await kit.stripe.subscriptions.create({
      customer: setup.customer.id,
      items: [{ price: setup.price.id }],
    });
    const failing = await kit.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", {
      customer: setup.customer.id,
    });
    await kit.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await setup.advanceTo(month(1) + 60);
    return { ...setup, sub };
  }

  it("goes past_due, retries on the schedule, and recovers when a retry succeeds", async () => {
    const { customer, sub, advanceTo } = await failingRenewal();
    const pastDue = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const open = await kit.stripe.invoices.retrieve(String(pastDue.latest_invoice));
    expect(open).toMatchObject({ status: "open", attempt_count: 1, next_payment_attempt: month(1) + 3 * DAY });
    const [failed] = await eventsOf("invoice.payment_failed");
    expect((failed!.data.object as Stripe.Invoice).next_payment_attempt).toBe(month(1) + 3 * DAY);

    const good = await kit.stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    await kit.stripe.subscriptions.update(sub.id, { default_payment_method: good.id });
    await advanceTo(month(1) + 4 * DAY);
    const paid = await kit.stripe.invoices.retrieve(open.id);
    expect(paid).toMatchObject({ status: "paid", attempt_count: 2, next_payment_attempt: null, amount_paid: 1500 });
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await eventsOf("invoice.paid")).map((e) => (e.data.object as Stripe.Invoice).id)).toContain(open.id);
  });

  it("cancels the subscription when the last retry fails (the account's default)", async () => {
    const { sub, advanceTo } = await failingRenewal();
    await advanceTo(month(1) + 16 * DAY);
    const canceled = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(canceled).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" } });
    const invoice = await kit.stripe.invoices.retrieve(String(canceled.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    expect((await eventsOf("invoice.payment_failed")).length).toBe(4);
    expect((await eventsOf("customer.subscription.deleted")).length).toBe(1);
  });

  it("marks it unpaid instead when the account is set so, and bills it no more", async () => {
    await kit.control("/_emulator/billing/retries", { retry_schedule_days: [1, 2], after_all_retries_fail: "unpaid" });
    const { sub, advanceTo } = await failingRenewal();
    await advanceTo(month(3));
    const unpaid = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(unpaid.status).toBe("unpaid");
    expect((await invoicesOf(sub.id)).map((i) => i.attempt_count)).toEqual([1, 3]);
  });
});

describe("cancellation", () => {
  it("ends at cancel_at: twelve monthly invoices, then customer.subscription.deleted and nothing billed after", async () => {
    const { customer, price, advanceTo } = await subscriber();
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      cancel_at: month(12),
    });
    for (let n = 1; n <= 14; n++) await advanceTo(month(n) + 60);
    const invoices = await invoicesOf(sub.id);
    expect(invoices).toHaveLength(12);
    expect(invoices.every((i) => i.status === "paid" && i.amount_paid === 1500)).toBe(true);
    const ended = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: month(12), cancel_at: month(12) });
    expect((await eventsOf("customer.subscription.deleted")).length).toBe(1);
  });

  it("refuses a cancel_at in the past and clears one with an empty value", async () => {
    const { customer, price } = await subscriber();
    const error = await failure(
      kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at: START - 1 }),
    );
    expect(error.param).toBe("cancel_at");
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      cancel_at: month(2),
    });
    const cleared = await kit.stripe.subscriptions.update(sub.id, { cancel_at: "" as unknown as number });
    expect(cleared.cancel_at).toBeNull();
  });
});

describe("price changes", () => {
  it("bills a new price from the next cycle on, without prorations", async () => {
    const { customer, price, advanceTo } = await subscriber();
    const sub = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const dearer = await kit.stripe.prices.create({
      currency: "usd",
      unit_amount: 1800,
      recurring: { interval: "month" },
      product: String(price.product),
    });
    const itemId = sub.items.data[0]!.id;
    const refused = await failure(
      kit.stripe.subscriptions.update(sub.id, { items: [{ id: itemId, price: dearer.id }] }),
    );
    expect(refused.param).toBe("proration_behavior");

    const changed = await kit.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, price: dearer.id }],
      proration_behavior: "none",
    });
    expect(changed.items.data[0]?.price.id).toBe(dearer.id);
    const [updated] = await eventsOf("customer.subscription.updated");
    expect(updated!.data.previous_attributes).toHaveProperty("items");
    expect(await invoicesOf(sub.id)).toHaveLength(1);

    await advanceTo(month(1) + 60);
    expect((await invoicesOf(sub.id)).map((i) => i.amount_paid)).toEqual([1500, 1800]);
  });
});

describe("customers changed outside the API", () => {
  it("sends customer.updated with the previous values and no request when the billing portal changes them", async () => {
    const customer = await kit.stripe.customers.create({ email: "old@example.com", name: "Ada Lovelace" });
    const address = { line1: "1 Strand", city: "London", postal_code: "WC2N 5HR", country: "GB" };
    const updated = await kit.control<Stripe.Customer>(`/_emulator/customers/${customer.id}/portal_update`, {
      email: "ada@example.com",
      address,
    });
    expect(updated.address).toEqual({ ...address, line2: null, state: null });
    const [event] = await eventsOf("customer.updated");
    expect(event!.request).toEqual({ id: null, idempotency_key: null });
    expect(event!.data.previous_attributes).toEqual({ email: "old@example.com", address: null });
    const refused = await kit.control<{ error: { param: string } }>(
      `/_emulator/customers/${customer.id}/portal_update`,
      { metadata: { a: "b" } },
    );
    expect(refused.error.param).toBe("metadata");
  });
});
