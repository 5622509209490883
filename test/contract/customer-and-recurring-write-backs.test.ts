import { randomBytes } from "node:crypto";
import { nopCustomerId, nopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import { type NopSimulator, startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import { afterEach, describe, expect, it } from "vitest";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import { NopRuleRefused } from "../../sidecar/src/connectors/nop/nop-errors.js";
import type { NopResult } from "../../sidecar/src/connectors/nop/nop-port.js";

/* Contract 1.2's write-backs against the simulator, over HTTP with the sidecar's adapter: nopCommerce's rules. */

const secret = `whsec_${randomBytes(32).toString("base64")}`;
let sim: NopSimulator | undefined;
afterEach(() => sim?.close());

const START = Date.parse("2026-01-31T12:00:00.000Z");
async function start(options: { cancelRecurringPaymentsAfterFailedPayment?: boolean } = {}) {
  let now = START;
  const started = await startNopSimulator({
    eventSecret: secret,
    writeBackSecret: secret,
    clock: () => now,
    ...options,
  });
  sim = started;
  const nop = new HttpNopAdapter({ baseUrl: started.url, secret, now: () => now });
  return { sim: started, nop, advanceDays: (days: number) => (now += days * 86_400_000) };
}

function value<T>(result: NopResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
function refusal(result: NopResult<unknown>): string {
  if (result.ok || !(result.error instanceof NopRuleRefused))
    throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.error.rule;
}
const stripe = (reference: string) => ({ system: "stripe" as const, reference });
const events = (s: NopSimulator, type: string) => s.outbox.emitted().filter((e) => e.type === type);

describe("updateCustomer", () => {
  it("writes only what differs, marks the event with its Stripe origin, and refuses a stale version", async () => {
    const { sim, nop } = await start();
    const customer = sim.registerCustomer({ email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" });
    const customerId = nopCustomerId(customer.id);
    const seen = value(await nop.getCustomer({ customerId })).customer;
    expect(seen.version).toBe(events(sim, "customer.registered").at(-1)!.payload.version);

    const echo = value(
      await nop.updateCustomer({
        customerId,
        expectedVersion: seen.version!,
        origin: stripe("evt_echo"),
        changes: { email: "ada@example.com", firstName: "Ada" },
      }),
    );
    expect(echo.changedFields).toEqual([]);
    expect(events(sim, "customer.updated")).toHaveLength(0);

    const shipping = { ...seen.billingAddress!, city: "London", countryCode: "GB", stateProvinceCode: null } as Record<
      string,
      unknown
    >;
    delete shipping.id;
    const changed = value(
      await nop.updateCustomer({
        customerId,
        expectedVersion: seen.version!,
        origin: stripe("evt_portal"),
        changes: { phone: "+44 20 7946 0000", shippingAddress: shipping as never },
      }),
    );
    expect(changed.changedFields).toEqual(["phone", "shippingAddress"]);
    expect(changed.customer.shippingAddress).toMatchObject({ city: "London", countryCode: "GB" });
    const [event] = events(sim, "customer.updated");
    expect(event!.payload).toMatchObject({ origin: { system: "stripe", reference: "evt_portal" } });
    expect(changed.customer.version).toBe(event!.payload.version);

    // The store's admin changes the customer meanwhile: a write from the old version is refused.
    sim.updateCustomer(customer.id, { lastName: "King" });
    const stale = await nop.updateCustomer({
      customerId,
      expectedVersion: changed.customer.version!,
      origin: stripe("evt_late"),
      changes: { lastName: "Byron" },
    });
    expect(refusal(stale)).toBe("CustomerVersionIsCurrent");
    expect(sim.customers().find((c) => c.id === customer.id)!.lastName).toBe("King");
  });

  it("refuses guests and an e-mail another registered customer has", async () => {
    const { sim, nop } = await start();
    sim.registerCustomer({ email: "taken@example.com" });
    const mine = sim.registerCustomer({ email: "mine@example.com" });
    const taken = await nop.updateCustomer({
      customerId: nopCustomerId(mine.id),
      expectedVersion: null,
      origin: stripe("evt_1"),
      changes: { email: "Taken@Example.com" },
    });
    expect(refusal(taken)).toBe("EmailIsUnique");
    const guestOrder = sim.placeOrder({ email: "guest@example.com" });
    const guest = await nop.updateCustomer({
      customerId: guestOrder.customerId,
      expectedVersion: null,
      origin: stripe("evt_2"),
      changes: { firstName: "G" },
    });
    expect(refusal(guest)).toBe("CustomerIsRegistered");
  });
});

describe("recurring payments billed by Stripe", () => {
  async function subscribed(paymentMethodSystemName = "Payments.StripeSidecar", options = {}) {
    const started = await start(options);
    const customer = started.sim.registerCustomer({ email: "sub@example.com" });
    const order = started.sim.placeOrder({
      customerId: customer.id,
      items: [{ productId: 4 }],
      paymentStatus: "Paid",
      paymentMethodSystemName,
    });
    const rp = started.sim.recurringPayments().find((r) => r.initialOrderId === order.id)!;
    return { ...started, order, recurringPaymentId: nopRecurringPaymentId(rp.id) };
  }

  it("bills twelve monthly cycles: the first invoice is the initial order's, eleven more make orders, then it ends", async () => {
    const { sim, nop, order, recurringPaymentId, advanceDays } = await subscribed();
    const pay = (n: number) =>
      nop.processNextRecurringPayment({ recurringPaymentId, invoiceId: `in_${n}`, captureTransactionId: `pi_${n}` });
    const first = value(await pay(1));
    expect(first).toMatchObject({ alreadyApplied: false, order: { id: order.id } });
    expect(first.recurringPayment).toMatchObject({ cyclesRemaining: 11, recurringPaymentTypeId: 20, productId: 4 });
    expect(first.recurringPayment.nextPaymentDateUtc?.slice(0, 10)).toBe("2026-02-28");
    const ordersBefore = sim.counts().orders ?? 0;
    for (let n = 2; n <= 12; n++) {
      advanceDays(30);
      const next = value(await pay(n));
      expect(next.order).toMatchObject({ paymentStatusId: 30, captureTransactionId: `pi_${n}` });
      expect(next.order.orderTotal).toBe(order.orderTotal);
    }
    expect((sim.counts().orders ?? 0) - ordersBefore).toBe(11);
    const done = value(await nop.getRecurringPayment({ recurringPaymentId }));
    expect(done.history).toHaveLength(12);
    expect(done.recurringPayment).toMatchObject({ isActive: false, cyclesRemaining: 0, nextPaymentDateUtc: null });
    expect(refusal(await pay(13))).toBe("RecurringPaymentIsActive");
  });

  it("makes one order of one invoice, however often it is reported", async () => {
    const { sim, nop, recurringPaymentId } = await subscribed();
    const invoice = (id: string) => ({ recurringPaymentId, invoiceId: id, captureTransactionId: `pi_${id}` });
    value(await nop.processNextRecurringPayment(invoice("in_a")));
    const second = value(await nop.processNextRecurringPayment(invoice("in_b")));
    const placed = events(sim, "order.placed").length;
    const again = value(await nop.processNextRecurringPayment(invoice("in_b"), { requestId: "another-job" }));
    expect(again).toMatchObject({ alreadyApplied: true, order: { id: second.order.id } });
    expect(events(sim, "order.placed")).toHaveLength(placed);
    expect(sim.recurringPaymentHistory(recurringPaymentId)).toHaveLength(2);
  });

  it("never reports a payment for a recurring payment the store bills itself (Manual)", async () => {
    const { sim, nop, order, recurringPaymentId } = await subscribed("Payments.Manual");
    // PlaceOrderAsync records a Manual method's first payment at once.
    expect(sim.recurringPaymentHistory(recurringPaymentId).map((h) => h.orderId)).toEqual([order.id]);
    const result = await nop.processNextRecurringPayment({
      recurringPaymentId,
      invoiceId: "in_x",
      captureTransactionId: "pi_x",
    });
    expect(refusal(result)).toBe("RecurringPaymentTypeIsAutomatic");
  });

  it("records a failed attempt once, tells the customer, and clears the flag on the next payment", async () => {
    const { sim, nop, recurringPaymentId } = await subscribed();
    value(
      await nop.processNextRecurringPayment({ recurringPaymentId, invoiceId: "in_1", captureTransactionId: "pi_1" }),
    );
    const attempt = { recurringPaymentId, invoiceId: "in_2", attemptCount: 1, error: "Your card was declined." };
    const failed = value(await nop.markRecurringPaymentFailed(attempt));
    expect(failed).toMatchObject({
      alreadyApplied: false,
      cancelled: false,
      recurringPayment: { lastPaymentFailed: true },
    });
    expect(value(await nop.markRecurringPaymentFailed(attempt, { requestId: "dup" })).alreadyApplied).toBe(true);
    expect(sim.systemLog().map((l) => l.message)).toEqual([
      "Error while processing recurring order. Your card was declined.",
    ]);
    expect(sim.customerNotifications().map((n) => n.template)).toEqual(["RecurringPaymentFailed.CustomerNotification"]);
    const retried = value(
      await nop.processNextRecurringPayment({ recurringPaymentId, invoiceId: "in_2", captureTransactionId: "pi_2b" }),
    );
    expect(retried.recurringPayment.lastPaymentFailed).toBe(false);
    expect(retried.history).toHaveLength(2);
  });

  it("cancels after a failed payment when the store is set to (CancelRecurringPaymentsAfterFailedPayment)", async () => {
    const { sim, nop, recurringPaymentId } = await subscribed("Payments.StripeSidecar", {
      cancelRecurringPaymentsAfterFailedPayment: true,
    });
    const failed = value(
      await nop.markRecurringPaymentFailed({ recurringPaymentId, invoiceId: "in_1", attemptCount: 1, error: "no" }),
    );
    expect(failed).toMatchObject({ cancelled: true, recurringPayment: { isActive: false } });
    expect(sim.customerNotifications().map((n) => n.template)).toEqual([
      "RecurringPaymentCancelled.CustomerNotification",
    ]);
  });

  it("cancels once, marked with its Stripe origin, and a cancelled one is never billed again", async () => {
    const { sim, nop, recurringPaymentId } = await subscribed();
    const cancel = (requestId: string) =>
      nop.cancelRecurringPayment({ recurringPaymentId, origin: stripe("evt_deleted") }, { requestId });
    expect(value(await cancel("job-1"))).toMatchObject({
      alreadyCancelled: false,
      recurringPayment: { isActive: false },
    });
    // Another job (the same Stripe event delivered twice): no second cancellation.
    expect(value(await cancel("job-2"))).toMatchObject({ alreadyCancelled: true });
    const cancelledEvents = events(sim, "recurring_payment.cancelled");
    expect(cancelledEvents).toHaveLength(1);
    expect(cancelledEvents[0]!.payload).toMatchObject({ origin: { system: "stripe", reference: "evt_deleted" } });
    const late = await nop.processNextRecurringPayment({
      recurringPaymentId,
      invoiceId: "in_late",
      captureTransactionId: "pi_late",
    });
    expect(refusal(late)).toBe("RecurringPaymentIsActive");
  });
});
