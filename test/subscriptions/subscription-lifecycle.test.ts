import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  monthsAfter,
  payFirstOrder,
  type SubscriptionsHarness,
  settle,
  startSubscriptions,
  subscriber,
  theSubscription,
} from "./subscriptions-harness.js";

const DAY = 86_400;

describe.each(backends)("subscriptions end to end on $name", (backend) => {
  let t: SubscriptionsHarness;
  beforeAll(async () => {
    t = await startSubscriptions(backend);
  });
  afterAll(() => t?.close());

  it("twelve cycles under duplicated, shuffled webhooks, one failed payment then a retry that succeeds, then a cancellation from nopCommerce: twelve orders, one failed attempt, nothing charged after", async () => {
    const s = await subscriber(t, { totalCycles: 24 });
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
    await payFirstOrder(t, s.order.id);

    const sub = await theSubscription(t, s.stripeCustomer.id);
    const start = Math.floor(Date.parse(s.recurringPayment.startDateUtc) / 1000);
    expect(sub).toMatchObject({
      status: "trialing",
      trial_end: monthsAfter(start, 1),
      cancel_at: monthsAfter(start, 24),
      metadata: { nop_recurring_payment_id: String(s.recurringPayment.id) },
    });
    expect(sub.items.data[0]!.price).toMatchObject({
      unit_amount: Math.round(Number(s.order.orderTotal) * 100),
      recurring: { interval: "month", interval_count: 1 },
    });
    // The trial's invoice stands for the initial order: it is the first history row, and no order is made.
    const history = () => t.sandbox.nop.recurringPaymentHistory(s.recurringPayment.id);
    await waitFor(() => history().length === 1);
    expect(history()[0]!.orderId).toBe(s.order.id);

    const card = async (token: string) => {
      const pm = await s.stripe.paymentMethods.attach(token, { customer: s.stripeCustomer.id });
      await s.stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
    };
    for (let cycle = 1; cycle <= 11; cycle++) {
      if (cycle === 5) await card("pm_card_chargeCustomerFail");
      await s.advanceTo(monthsAfter(start, cycle) + 60);
      if (cycle === 5) {
        await waitFor(() => t.sandbox.nop.systemLog().some((l) => l.message.includes("recurring order")));
        await card("pm_card_mastercard");
        await s.advanceTo(monthsAfter(start, cycle) + 4 * DAY);
      }
    }
    await waitFor(() => history().length === 12, { timeoutMs: 30_000 });

    t.sandbox.nop.cancelRecurringPayment(s.recurringPayment.id);
    await waitFor(async () => (await s.stripe.subscriptions.retrieve(sub.id)).status === "canceled");
    for (let month = 12; month <= 14; month++) await s.advanceTo(monthsAfter(start, month) + 60);
    await settle(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });

    const invoices = (await s.stripe.invoices.list({ subscription: sub.id, limit: 100 })).data;
    const paid = invoices.filter((i) => i.status === "paid");
    expect(paid.map((i) => i.amount_paid).filter((a) => a > 0)).toHaveLength(11);
    expect(invoices.every((i) => i.created <= monthsAfter(start, 11) + 4 * DAY)).toBe(true);
    const ordersOfCustomer = t.sandbox.nop.recurringPaymentHistory(s.recurringPayment.id).map((h) => h.orderId);
    expect(ordersOfCustomer).toHaveLength(12);
    expect(new Set(ordersOfCustomer).size).toBe(12);
    const failures = t.sandbox.nop
      .systemLog()
      .filter((l) => l.message.startsWith("Error while processing recurring order"));
    expect(failures).toHaveLength(1);
    const told = t.sandbox.nop
      .customerNotifications()
      .filter((n) => n.customerId === s.customer.id && n.template === "RecurringPaymentFailed.CustomerNotification");
    expect(told).toHaveLength(1);
    const initial = t.sandbox.nop.getOrder(s.order.id)!;
    expect(initial.notes.filter((n) => n.note.startsWith("Stripe could not charge invoice"))).toHaveLength(1);
    const rp = t.sandbox.nop.recurringPayments().find((r) => r.id === s.recurringPayment.id)!;
    expect(rp).toMatchObject({ isActive: false, lastPaymentFailed: false });
    const charged = (await s.stripe.charges.list({ customer: s.stripeCustomer.id, limit: 100 })).data;
    expect(charged.filter((c) => c.paid && c.created > monthsAfter(start, 11) + 4 * DAY)).toEqual([]);
    expect((await t.flows.subscriptions.checkDrift()).drifts).toEqual([]);
  });

  it("a cancellation in Stripe reaches nopCommerce once, and coming back changes nothing", async () => {
    const s = await subscriber(t, { totalCycles: 6 });
    await payFirstOrder(t, s.order.id);
    const sub = await theSubscription(t, s.stripeCustomer.id);
    await s.stripe.subscriptions.cancel(sub.id);
    await waitFor(() => !t.sandbox.nop.recurringPayments().find((r) => r.id === s.recurringPayment.id)!.isActive);
    await settle(t);
    const notes = t.sandbox.nop
      .getOrder(s.order.id)!
      .notes.filter((n) => n.note === "Recurring payment has been cancelled");
    expect(notes).toHaveLength(1);
    expect(((await s.stripe.subscriptions.retrieve(sub.id)) as Stripe.Subscription).status).toBe("canceled");
  });
});
