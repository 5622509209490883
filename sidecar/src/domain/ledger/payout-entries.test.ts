import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { defaultChartOfAccounts as chart } from "./chart-of-accounts.js";
import { reversingEntry, signedAmount } from "./journal-entry.js";
import { arrivalEntries, payoutEntries } from "./payout-entries.js";
import { reconcilePayout } from "./reconcile-payout.js";
import { ids, matched, mixedPayout, orderFacts, paidPayout, settled } from "./test-support/fixtures.js";
import { balancesByOrder, trialBalance } from "./trial-balance.js";

function post({ payout, transactions } = mixedPayout()) {
  const result = payoutEntries(reconcilePayout(payout, transactions), chart);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Stripe's payout_reversal for a failed payout, paid out again in the next payout. */
const returnedInNextPayout = (amount: number) =>
  post({
    payout: paidPayout(amount, "usd", ids.payout("next")),
    transactions: [matched(settled({ category: "payout_reversal", type: "payout_failure", gross: amount }), null)],
  });

const balanceOf = (entries: ReturnType<typeof post>, account: string, currency = "usd") =>
  trialBalance(entries).find((r) => r.account === account && r.currency === currency)?.balance.amount ?? 0;

describe("payoutEntries", () => {
  it("one entry per category, the transfer and the arrival, keyed by payout and category, dated on arrival", () => {
    const entries = post();
    expect(entries.map((e) => e.key)).toEqual([
      "ledger:payout:po_test:0:charge",
      "ledger:payout:po_test:0:refund",
      "ledger:payout:po_test:0:dispute",
      "ledger:payout:po_test:0:dispute_reversal",
      "ledger:payout:po_test:0:fee",
      "ledger:payout:po_test:0:other_adjustment",
      "ledger:payout:po_test:transfer",
      "ledger:payout:po_test:arrival",
    ]);
    expect(new Set(entries.map((e) => e.date))).toEqual(new Set(["2026-12-02"]));
  });

  it("the same payout posted twice makes the same keys and lines (the store refuses the second)", () => {
    const scenario = mixedPayout();
    expect(post(scenario)).toEqual(post(scenario));
  });

  it("clears Stripe to zero, puts the payout in the bank and every category in its account", () => {
    const { payout } = mixedPayout();
    const entries = post();
    expect(balanceOf(entries, "1050")).toBe(0);
    expect(balanceOf(entries, "1000")).toBe(payout.amount.amount);
    expect(balanceOf(entries, "6100")).toBe(871 + 200);
    expect(balanceOf(entries, "4100")).toBe(4500);
    expect(balanceOf(entries, "6200")).toBe(6000 - 4000);
    expect(balanceOf(entries, "6210")).toBe(3000);
    expect(balanceOf(entries, "6900")).toBe(-35);
    expect(balanceOf(entries, "9999")).toBe(0);
    expect(balanceOf(entries, "1060")).toBe(0);
  });

  it("the FX account holds the conversion: +EUR 100.00 against −USD 108.43", () => {
    const entries = post();
    expect(balanceOf(entries, "4900", "eur")).toBe(10000);
    expect(balanceOf(entries, "4900", "usd")).toBe(-10843);
    expect(balanceOf(entries, "1100", "eur")).toBe(-10000);
  });

  it("receivables per order: each charge settles its order, the sub-ledger carries the order", () => {
    const byOrder = balancesByOrder(post(), "1100");
    expect(byOrder.map((b) => [b.orderGuid.slice(-1), b.balance.amount, b.balance.currency])).toEqual([
      ["1", -5000, "usd"],
      ["2", -3000, "usd"],
      ["3", -2000, "usd"],
      ["4", -4000, "usd"],
      ["5", -10000, "eur"],
    ]);
  });

  it("a residual goes to suspense in the transfer entry, so clearing is still zero", () => {
    const { payout, transactions } = mixedPayout();
    const entries = post({ payout, transactions: transactions.slice(1) });
    expect(balanceOf(entries, "1050")).toBe(0);
    expect(balanceOf(entries, "9999")).toBe(-(5000 - 175));
    const transfer = entries.find((e) => e.key.endsWith(":transfer"))!;
    expect(transfer.lines.map((l) => [l.account, signedAmount(l)])).toEqual([
      ["1060", payout.amount.amount],
      ["1050", -payout.amount.amount],
      ["1050", 4825],
      ["9999", -4825],
    ]);
  });

  it("a payout of zero (a refund as large as the charge) moves no money: no transfer, no arrival", () => {
    const charge = matched(settled({ category: "charge", gross: 1000 }), orderFacts(1, money(1000, "usd")));
    const refund = matched(settled({ category: "refund", gross: -1000 }), orderFacts(1, money(1000, "usd")));
    const entries = post({ payout: paidPayout(0), transactions: [charge, refund] });
    expect(entries.map((e) => e.key)).toEqual(["ledger:payout:po_test:0:charge", "ledger:payout:po_test:0:refund"]);
    expect(balanceOf(entries, "1050")).toBe(0);
  });

  it("a payout not yet paid is posted up to in transit; its arrival waits for payout.paid", () => {
    const { payout, transactions } = mixedPayout();
    const inTransit = { ...payout, status: "in_transit" as const };
    const result = payoutEntries(reconcilePayout(inTransit, transactions), chart);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.at(-1)!.key).toBe("ledger:payout:po_test:transfer");
    expect(balanceOf(result.value, "1060")).toBe(payout.amount.amount);
    expect(balanceOf(result.value, "1000")).toBe(0);
    expect(arrivalEntries(inTransit, chart)).toMatchObject({ ok: false, error: { kind: "payout_not_paid" } });
  });

  it("a payout that fails after it arrived: its arrival is reversed, and Stripe's payout_reversal in a later payout empties in transit", () => {
    const failed = mixedPayout();
    const entries = post(failed);
    const bounced = reversingEntry(entries.at(-1)!, "payout.failed", "2026-12-04");
    const next = returnedInNextPayout(failed.payout.amount.amount);
    const after = [...entries, bounced, ...next];
    expect(balanceOf(after, "1060")).toBe(0);
    expect(balanceOf(after, "1050")).toBe(0);
    expect(balanceOf(after, "1000")).toBe(failed.payout.amount.amount);
  });

  it("a payout that fails before it arrives stays in transit until its payout_reversal", () => {
    const failed = mixedPayout();
    const entries = post({ ...failed, payout: { ...failed.payout, status: "failed" } });
    const next = returnedInNextPayout(failed.payout.amount.amount);
    const after = [...entries, ...next];
    expect(balanceOf(entries, "1060")).toBe(failed.payout.amount.amount);
    expect(balanceOf(after, "1060")).toBe(0);
    expect(balanceOf(after, "1000")).toBe(failed.payout.amount.amount);
  });

  it("the trial balance's debits equal its credits per currency", () => {
    const rows = trialBalance(post());
    for (const currency of ["usd", "eur"]) {
      const of = rows.filter((r) => r.currency === currency);
      const sum = (pick: (r: (typeof rows)[number]) => number) => of.reduce((s, r) => s + pick(r), 0);
      expect(sum((r) => r.debits.amount)).toBe(sum((r) => r.credits.amount));
      expect(sum((r) => r.balance.amount)).toBe(0);
    }
    expect(rows.find((r) => r.account === "1000")!.debits).toEqual(money(mixedPayout().payout.amount.amount, "usd"));
  });
});
