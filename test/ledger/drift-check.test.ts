import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftCheckOn } from "../../sidecar/src/ledger-drift/index.js";
import { SqlLedgerReads } from "../../sidecar/src/ledger-reads/sql-ledger-reads.js";
import {
  nopOrder,
  type O2cHarness,
  placeAndPay,
  startO2c,
  waitUntilFulfilmentRequested,
} from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

// The drift check against the Stripe emulator and the nopCommerce simulator: webhooks lost beyond Stripe's
// retry window (delivery paused, never resumed before the check runs) are caught, and clear once fixed.

const today = () => new Date().toISOString().slice(0, 10);

/** Until every event sent so far is handled and no job is waiting or running. */
async function quiet(t: O2cHarness) {
  await t.sandbox.stripe.whenDeliveriesIdle();
  await t.sandbox.nop.outbox.flush();
  await t.sandbox.nop.outbox.idle();
  await waitFor(async () => {
    const { waiting, active } = await t.sidecar.queue.counts();
    return waiting + active === 0 ? true : undefined;
  });
}

/**
 * An order whose payment the sidecar never hears of: its PaymentIntent made through the flow and everything
 * settled, then Stripe's deliveries stop (lost beyond the retry window) and the customer pays.
 */
async function payWithEventsLost(t: O2cHarness) {
  const order = t.sandbox.nop.placeOrder({});
  const created = await t.flow.createPaymentIntent.forOrder({ nopOrderId: order.id });
  await quiet(t);
  t.sandbox.stripe.setDeliveryMode({ paused: true });
  const intent = await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, {
    payment_method: "pm_card_visa",
  });
  return { order, intent };
}

describe.each(backends)("the drift check on $name", (backend) => {
  let t: O2cHarness;
  let reads: SqlLedgerReads;
  const period = () => ({ from: today(), to: today() });
  const driftExceptions = async (status?: "open" | "resolved") =>
    (await reads.exceptions({ ...(status ? { status } : {}) }, { limit: 100 })).filter((e) =>
      e.kind.startsWith("drift_"),
    );

  beforeAll(async () => {
    t = await startO2c(backend);
    reads = new SqlLedgerReads(t.sidecar.db.sql);
  });
  afterAll(() => t?.close());

  it("finds nothing while every system agrees", async () => {
    const { order } = await placeAndPay(t);
    await waitUntilFulfilmentRequested(t, order);
    const report = await driftCheckOn(t.sidecar.db.sql, t.systems.stripe).run(period());
    expect(report).toMatchObject({ charges: 1, refunds: 0, found: 0, opened: 0 });
    expect(await driftExceptions()).toEqual([]);
  });

  it("a charge whose webhooks never arrived is one drift exception, found again not twice, cleared once synced", async () => {
    const { order, intent } = await payWithEventsLost(t);
    expect(intent.status).toBe("succeeded");
    expect(nopOrder(t, order.id).paymentStatusId).toBe(PaymentStatus.Pending);
    const check = driftCheckOn(t.sidecar.db.sql, t.systems.stripe);

    const first = await check.run(period());
    expect(first).toMatchObject({ charges: 2, found: 1, opened: 1, resolved: 0 });
    const [found, ...others] = await driftExceptions("open");
    expect(others).toEqual([]);
    expect(found).toMatchObject({
      id: `drift:drift_not_paid_in_nop:${intent.latest_charge}`,
      payoutId: null,
      kind: "drift_not_paid_in_nop",
      orderGuid: order.orderGuid.toLowerCase(),
      resolutions: ["resync"],
      amount: { amount: intent.amount_received, currency: intent.currency },
    });
    expect(found?.reason).toContain("nopCommerce does not show as paid");

    const again = await check.run(period());
    expect(again).toMatchObject({ found: 1, opened: 0, resolved: 0 });
    expect(await driftExceptions()).toHaveLength(1);

    // The events finally delivered (Stripe's retries, or finance's re-sync): the difference goes away.
    t.sandbox.stripe.setDeliveryMode({ paused: false });
    await waitFor(() => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid || undefined, {
      timeoutMs: 20_000,
    });
    await waitFor(async () => ((await check.run(period())).resolved === 1 ? true : undefined), { timeoutMs: 20_000 });
    const [resolved] = await driftExceptions("resolved");
    expect(resolved).toMatchObject({ id: found?.id, status: "resolved", resolvedBy: "drift-check" });
    expect(resolved?.resolutionNote).toContain("found no difference any more");
    expect(await driftExceptions("open")).toEqual([]);
  });

  it("a refund made in Stripe whose events were lost is reported as not recorded", async () => {
    const { order, intent } = await placeAndPay(t);
    await waitUntilFulfilmentRequested(t, order);
    t.sandbox.stripe.setDeliveryMode({ paused: true });
    const refund = await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
    const report = await driftCheckOn(t.sidecar.db.sql, t.systems.stripe).run(period());
    expect(report).toMatchObject({ refunds: 1, found: 1, opened: 1 });
    const [open] = await driftExceptions("open");
    expect(open).toMatchObject({
      id: `drift:drift_refund_not_recorded:${refund.id}`,
      kind: "drift_refund_not_recorded",
    });
    t.sandbox.stripe.setDeliveryMode({ paused: false });
  });
});

describe.each(backends)("the scheduled drift check on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend, {}, { DRIFT_CHECK_INTERVAL: "2s", DRIFT_CHECK_LOOKBACK: "1d" });
  });
  afterAll(() => t?.close());

  it("runs by itself every interval and reports the lost payment", async () => {
    const { intent } = await payWithEventsLost(t);
    const reads = new SqlLedgerReads(t.sidecar.db.sql);
    const [found] = await waitFor(
      async () => {
        const open = await reads.exceptions({ status: "open", kinds: ["drift_not_paid_in_nop"] }, { limit: 10 });
        return open.length > 0 ? open : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(found?.id).toBe(`drift:drift_not_paid_in_nop:${intent.latest_charge}`);
    t.sandbox.stripe.setDeliveryMode({ paused: false });
  });
});
