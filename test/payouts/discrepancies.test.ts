import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidOrder } from "../refunds/refunds-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  balances,
  emulator,
  exceptionsOf,
  ledgerOf,
  type PayoutsHarness,
  payOutAndReconcile,
  startPayouts,
  strayPayment,
} from "./payouts-harness.js";

describe.each(backends)("payout discrepancies and failures, on $name", (backend) => {
  let t: PayoutsHarness;
  beforeAll(async () => {
    t = await startPayouts(backend);
  });
  afterAll(() => t?.close());

  /** Pays out the balance (one USD payout) and returns it with its exceptions as [kind, balance transaction]. */
  async function payout(options: Parameters<typeof payOutAndReconcile>[1] = {}) {
    const [paid] = await payOutAndReconcile(t, options);
    const row = (await t.sidecar.db.prisma.payout.findUnique({ where: { id: paid!.id } }))!;
    const exceptions = await exceptionsOf(t, paid!.id);
    return { paid: paid!, row, exceptions, entries: await ledgerOf(t, paid!.id) };
  }

  const chargeTxn = async (paymentIntent: string) =>
    (await t.systems.stripe.charges.list({ payment_intent: paymentIntent })).data[0]!.balance_transaction as string;

  it("a charge with no order: one no_order exception, its amount in suspense, the payout still explained", async () => {
    await paidOrder(t);
    const stray = await strayPayment(t, 1234);
    const { row, exceptions, entries } = await payout();
    expect(exceptions.map((e) => [e.kind, e.balanceTransaction, e.status])).toEqual([
      ["no_order", await chargeTxn(stray.id), "open"],
    ]);
    expect(exceptions[0]!.suggestedAction).toContain("Link the transaction to its order");
    expect(row).toMatchObject({ status: "exceptions", residualMinor: 0n });
    expect(balances(entries).get("9999:usd")).toBe(-1234 + 0); // the receivable waits in suspense (credited)
    expect(entries.every((e) => e.erpEntryId !== null)).toBe(true);
  }, 60_000);

  it("a charge for another amount than the order's total: one amount_differs exception", async () => {
    const { order, intent } = await paidOrder(t);
    // Charged again for the same order, by hand in the dashboard, for a different amount.
    const extra = await strayPayment(t, intent.amount + 100, { nop_order_guid: order.orderGuid });
    const { row, exceptions } = await payout();
    expect(exceptions.map((e) => [e.kind, e.balanceTransaction, e.orderGuid])).toEqual([
      ["amount_differs", await chargeTxn(extra.id), order.orderGuid.toLowerCase()],
    ]);
    expect(row).toMatchObject({ status: "exceptions", residualMinor: 0n });
  }, 60_000);

  it("a refund nopCommerce never recorded (it was down): one refund_not_recorded exception", async () => {
    const { intent } = await paidOrder(t);
    await t.sandbox.nop.stopListening();
    try {
      const refund = await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: 300 });
      const { row, exceptions } = await payout({ settled: false });
      expect(exceptions.map((e) => [e.kind, e.orderGuid !== null])).toEqual([["refund_not_recorded", true]]);
      expect(exceptions[0]!.reason).toContain(refund.id);
      expect(row).toMatchObject({ status: "exceptions", residualMinor: 0n });
    } finally {
      await t.sandbox.nop.listenAgain();
    }
  }, 60_000);

  it("a payout the bank rejects: pages and transfer journaled and posted, no arrival, the money in transit", async () => {
    await paidOrder(t);
    const { paid, row, exceptions, entries } = await payout({ fail: true });
    expect(row).toMatchObject({ status: "reversed", stripeStatus: "failed", residualMinor: 0n });
    expect(exceptions).toEqual([]);
    expect(entries.map((e) => e.key)).not.toContain(`ledger:payout:${paid.id}:arrival`);
    expect(balances(entries).get("1060:usd")).toBe(paid.amount);
    await waitFor(() => t.sandbox.erp.journalEntries(paid.id).length === entries.length || undefined);
  }, 60_000);

  it("a paid payout the bank returns days later: its arrival reversed once (never edited), the reversal in the ERP", async () => {
    await paidOrder(t);
    const { paid } = await payout();
    const arrival = `ledger:payout:${paid.id}:arrival`;
    await emulator(t, `payouts/${paid.id}/fail`);
    await t.sandbox.stripe.whenDeliveriesIdle();
    const row = await waitFor(async () => {
      const found = await t.sidecar.db.prisma.payout.findUnique({ where: { id: paid.id } });
      return found?.status === "reversed" ? found : undefined;
    });
    expect(row).toMatchObject({ stripeStatus: "failed", residualMinor: 0n });
    const entries = await ledgerOf(t, paid.id);
    const reversal = entries.find((e) => e.reverses === arrival)!;
    expect(reversal.key).toBe(`${arrival}:reversal`);
    expect(entries.find((e) => e.key === arrival)?.lines).toHaveLength(2); // the arrival itself unchanged
    expect(balances(entries).get("1000:usd") ?? 0).toBe(0); // the bank no longer holds it
    expect(balances(entries).get("1060:usd")).toBe(paid.amount); // in transit until Stripe's payout_reversal
    expect(t.sandbox.erp.journalEntries(paid.id)).toHaveLength(entries.length);
  }, 60_000);
});
