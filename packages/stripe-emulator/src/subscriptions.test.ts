import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();
const START = Math.floor(Date.UTC(2026, 0, 31, 12) / 1000);

async function monthlyPrice(amount = 1500): Promise<Stripe.Price> {
  return kit.stripe.prices.create({
    currency: "usd",
    unit_amount: amount,
    recurring: { interval: "month" },
    product_data: { name: "Coffee club" },
  });
}

async function clockedCustomer(card: string) {
  const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: START, name: "billing" });
  const customer = await kit.stripe.customers.create({ email: "subscriber@example.com", test_clock: clock.id });
  const pm = await kit.stripe.paymentMethods.attach(card, { customer: customer.id });
  await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { clock, customer, pm };
}

describe("products and prices", () => {
  it("creates one-time and recurring prices", async () => {
    const product = await kit.stripe.products.create({ name: "Mug", metadata: { nop_product_id: "12" } });
    expect(product.id).toMatch(/^prod_/);
    const oneTime = await kit.stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 1299 });
    expect(oneTime).toMatchObject({ type: "one_time", recurring: null, unit_amount: 1299, currency: "eur" });
    const recurring = await kit.stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 500,
      recurring: { interval: "year" },
    });
    expect(recurring.type).toBe("recurring");
    expect(recurring.recurring?.interval).toBe("year");
    const list = await kit.stripe.prices.list({ product: product.id });
    expect(list.data.map((p) => p.id)).toEqual([recurring.id, oneTime.id]);
    const updated = await kit.stripe.products.update(product.id, { default_price: oneTime.id, active: false });
    expect(updated).toMatchObject({ default_price: oneTime.id, active: false });
  });
});

describe("subscriptions and test clocks", () => {
  it("pays the first invoice and renews on test clock advance", async () => {
    const price = await monthlyPrice();
    const { clock, customer } = await clockedCustomer("pm_card_visa");
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      expand: ["latest_invoice.payments"],
    });
    expect(sub.status).toBe("active");
    expect(sub.created).toBe(START);
    expect(sub.items.data[0]?.current_period_end).toBe(Math.floor(Date.UTC(2026, 1, 28, 12) / 1000));
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).toMatchObject({ status: "paid", amount_paid: 1500, billing_reason: "subscription_create" });
    const intentId = String(first.payments?.data[0]?.payment.payment_intent);
    const intent = await kit.stripe.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({ status: "succeeded", amount: 1500, customer: customer.id });

    const advancing = await kit.stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: Math.floor(Date.UTC(2026, 2, 1, 0) / 1000),
    });
    expect(advancing.status).toBe("advancing");
    const ready = await kit.stripe.testHelpers.testClocks.retrieve(clock.id);
    expect(ready.status).toBe("ready");
    const invoices = await kit.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ["subscription_cycle", "paid", 1500],
      ["subscription_create", "paid", 1500],
    ]);
    const renewed = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data[0]?.current_period_start).toBe(Math.floor(Date.UTC(2026, 1, 28, 12) / 1000));
    expect(renewed.latest_invoice).toBe(invoices.data[0]?.id);
    const types = (await kit.stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["invoice.paid", "customer.subscription.updated", "customer.subscription.created"]),
    );
  });

  it("leaves the subscription incomplete when the first payment fails", async () => {
    const price = await monthlyPrice();
    const { customer } = await clockedCustomer("pm_card_chargeCustomerFail");
    const sub = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe("incomplete");
    const invoice = await kit.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 1, amount_remaining: 1500 });
    const failed = await kit.stripe.events.list({ type: "invoice.payment_failed", limit: 1 });
    expect((failed.data[0]!.data.object as Stripe.Invoice).id).toBe(invoice.id);
    const strict = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: "error_if_incomplete" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((strict as Stripe.errors.StripeError).type).toBe("StripeCardError");
  });

  it("goes past_due when a renewal payment fails and recovers when the invoice is paid", async () => {
    const price = await monthlyPrice(2500);
    const { clock, customer } = await clockedCustomer("pm_card_visa");
    const sub = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await kit.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await kit.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 31 * 86400 });
    const pastDue = await kit.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const open = await kit.stripe.invoices.retrieve(String(pastDue.latest_invoice));
    expect(open.status).toBe("open");
    const good = await kit.stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    const paid = await kit.stripe.invoices.pay(open.id, { payment_method: good.id });
    expect(paid.status).toBe("paid");
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("cancels immediately or at period end", async () => {
    const price = await monthlyPrice();
    const { clock, customer } = await clockedCustomer("pm_card_visa");
    const now = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const canceled = await kit.stripe.subscriptions.cancel(now.id);
    expect(canceled).toMatchObject({ status: "canceled", ended_at: START, canceled_at: START });
    const later = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const flagged = await kit.stripe.subscriptions.update(later.id, { cancel_at_period_end: true });
    expect(flagged.cancel_at_period_end).toBe(true);
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 40 * 86400 });
    const ended = await kit.stripe.subscriptions.retrieve(later.id);
    expect(ended.status).toBe("canceled");
    const deleted = await kit.stripe.events.list({ type: "customer.subscription.deleted", limit: 2 });
    expect(deleted.data.map((e) => (e.data.object as Stripe.Subscription).id)).toEqual([later.id, now.id]);
  });

  it("refuses one-time prices on subscriptions", async () => {
    const product = await kit.stripe.products.create({ name: "Single" });
    const price = await kit.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000 });
    const customer = await kit.stripe.customers.create({});
    const error = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }] })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((error as Stripe.errors.StripeError).param).toBe("items[0][price]");
  });
});
