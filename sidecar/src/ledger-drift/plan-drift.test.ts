import { describe, expect, it } from "vitest";
import { money } from "../domain/money.js";
import { driftCheckJob, lookbackPeriod, nextDriftJob } from "./drift-job.js";
import { chargeDrift, type NopOrderFact, refundDrift } from "./plan-drift.js";

const usd = (n: number) => money(n, "usd");
const charge = { id: "ch_1", paymentIntentId: "pi_1", captured: usd(5000), balanceTransaction: "txn_1" };
const refund = {
  id: "re_1",
  chargeId: "ch_1",
  paymentIntentId: "pi_1",
  amount: usd(1500),
  balanceTransaction: "txn_2",
};
const order = (over: Partial<NopOrderFact> = {}): NopOrderFact => ({
  orderGuid: "00000000-0000-4000-8000-000000000001",
  paid: true,
  refunded: false,
  total: usd(5000),
  ...over,
});
const kinds = (findings: { kind: string }[]) => findings.map((f) => f.kind);

describe("chargeDrift", () => {
  it("finds nothing when nopCommerce has the order paid for the amount, paid out or not yet", () => {
    expect(chargeDrift(charge, order())).toEqual([]);
    expect(chargeDrift(charge, order(), { payoutId: "po_1", gross: usd(5000) })).toEqual([]);
  });

  it("a charge whose webhook was lost: the order is not paid in nopCommerce, with a deterministic id", () => {
    const [found, ...rest] = chargeDrift(charge, order({ paid: false }));
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      id: "drift:drift_not_paid_in_nop:ch_1",
      kind: "drift_not_paid_in_nop",
      resolutions: ["resync"],
      balanceTransaction: "txn_1",
      amount: usd(5000),
    });
    expect(found?.reason).toContain("USD 50.00");
  });

  it("no order, an amount that differs, a payout line that differs; FX settlement is not drift", () => {
    expect(kinds(chargeDrift(charge, undefined))).toEqual(["drift_no_order"]);
    expect(kinds(chargeDrift(charge, order({ total: usd(4999) })))).toEqual(["drift_amount_differs"]);
    expect(kinds(chargeDrift(charge, order(), { payoutId: "po_1", gross: usd(4000) }))).toEqual([
      "drift_ledger_differs",
    ]);
    expect(chargeDrift(charge, order(), { payoutId: "po_1", gross: money(4600, "eur") })).toEqual([]);
  });
});

describe("refundDrift", () => {
  it("finds nothing when the refund was recorded for its amount and nopCommerce shows the order refunded", () => {
    expect(refundDrift(refund, order({ refunded: true }), { amount: usd(1500) })).toEqual([]);
  });

  it("a refund made in Stripe nobody recorded, or nopCommerce never told", () => {
    expect(kinds(refundDrift(refund, order({ refunded: true }), undefined))).toEqual(["drift_refund_not_recorded"]);
    const [notInNop] = refundDrift(refund, order(), { amount: usd(1500) });
    expect(notInNop?.reason).toContain("nopCommerce does not show the order as refunded");
    expect(kinds(refundDrift(refund, order({ refunded: true }), { amount: usd(1000) }))).toEqual([
      "drift_amount_differs",
    ]);
  });
});

describe("the schedule", () => {
  it("queues one job per slot, delayed until the slot starts; a run looks back over whole UTC days", () => {
    const schedule = { intervalMs: 3_600_000, lookbackMs: 7 * 86_400_000 };
    const now = Date.parse("2026-12-06T15:20:00Z");
    const job = nextDriftJob(schedule, now);
    expect(job.name).toBe(driftCheckJob.name);
    expect(job.delayMs).toBe(40 * 60_000);
    expect(nextDriftJob(schedule, now + 60_000).id).toBe(job.id);
    expect(lookbackPeriod(now, schedule.lookbackMs)).toEqual({ from: "2026-11-29", to: "2026-12-06" });
  });
});
