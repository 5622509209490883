import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payoutIdSchema } from "../../sidecar/src/domain/ids.js";
import { paidOrder } from "../refunds/refunds-harness.js";
import { backends } from "../support/backends.js";
import {
  balances,
  disputeDecided,
  exceptionsOf,
  ledgerOf,
  type PayoutsHarness,
  payOutAndReconcile,
  startPayouts,
} from "./payouts-harness.js";

// The emulator settles each charge in the currency it was made in (no conversion), so the second currency is a
// store of its own, whose payout is reconciled the same way.
const cases = backends.flatMap((backend) =>
  ["USD", "EUR"].map((currency) => ({ backend, name: backend.name, currency })),
);

describe.each(cases)("a payout mixing everything Stripe settles, on $name, in $currency", ({ backend, currency }) => {
  let t: PayoutsHarness;
  beforeAll(async () => {
    t = await startPayouts(backend, currency);
  });
  afterAll(() => t?.close());

  it("charges, partial and full refunds, a dispute lost and one won, fees: residual 0, balanced journals in the ERP, posted once", async () => {
    await paidOrder(t);
    const partly = await paidOrder(t);
    const fully = await paidOrder(t);
    const lost = await paidOrder(t);
    const won = await paidOrder(t);
    expect((await t.sandbox.nop.refundOrder(partly.order.id, "1.00")).ok).toBe(true);
    expect((await t.sandbox.nop.refundOrder(fully.order.id)).ok).toBe(true);
    await disputeDecided(t, lost.intent, "lost");
    await disputeDecided(t, won.intent, "won");
    t.sandbox.stripe.setDeliveryMode({ duplicates: true }); // payout.paid (and every other event) arrives twice

    const payouts = await payOutAndReconcile(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false });
    expect(payouts.map((p) => p.currency)).toEqual([currency.toLowerCase()]);

    for (const payout of payouts) {
      const row = (await t.sidecar.db.prisma.payout.findUnique({ where: { id: payout.id } }))!;
      expect(row).toMatchObject({ status: "posted", stripeStatus: "paid", residualMinor: 0n });
      expect(await exceptionsOf(t, payout.id)).toEqual([]);
      const entries = await ledgerOf(t, payout.id);
      // Every entry is in the ERP's general ledger once, balanced (the ERP refuses anything else).
      const erp = t.sandbox.erp.journalEntries(payout.id);
      expect(erp).toHaveLength(entries.length);
      expect(entries.every((e) => e.erpEntryId !== null)).toBe(true);
      // Stripe clearing and payouts in transit end at zero; the bank holds the payout.
      const sums = balances(entries);
      const ccy = payout.currency;
      expect(sums.get(`1050:${ccy}`) ?? 0).toBe(0);
      expect(sums.get(`1060:${ccy}`) ?? 0).toBe(0);
      expect(sums.get(`1000:${ccy}`)).toBe(payout.amount);
      for (const [, total] of currencyTotals(entries)) expect(total).toBe(0);
    }
    const usd = payouts[0]!;
    const row = (await t.sidecar.db.prisma.payout.findUnique({ where: { id: usd.id } }))!;
    const categories = (row.categories as { category: string; count: number }[]).map((c) => [c.category, c.count]);
    expect(categories).toEqual([
      ["charge", 5],
      ["refund", 2],
      ["dispute", 2],
      ["dispute_reversal", 1],
    ]);

    // Delivered again, reconciled again by hand: nothing is posted twice.
    const before = t.sandbox.erp.journalEntries(usd.id).length;
    await t.flows.payouts.reconcile(payoutIdSchema.parse(usd.id));
    expect(t.sandbox.erp.journalEntries(usd.id)).toHaveLength(before);
    expect(await ledgerOf(t, usd.id)).toHaveLength(before);
  }, 120_000);
});

/** Σ debit − Σ credit per currency over every line: zero, since each entry balances per currency. */
function currencyTotals(entries: Awaited<ReturnType<typeof ledgerOf>>) {
  const sums = new Map<string, number>();
  for (const line of entries.flatMap((e) => e.lines))
    sums.set(
      line.currency,
      (sums.get(line.currency) ?? 0) + Number(line.debitMinor ?? 0n) - Number(line.creditMinor ?? 0n),
    );
  return sums;
}
