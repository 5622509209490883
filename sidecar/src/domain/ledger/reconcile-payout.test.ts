import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { payoutReconciler, reconcilePayout } from "./reconcile-payout.js";
import { ids, matched, mixedPayout, orderFacts, paidPayout, settled } from "./test-support/fixtures.js";

const kinds = (r: ReturnType<typeof reconcilePayout>) => r.exceptions.map((e) => e.kind);

describe("reconcilePayout", () => {
  it("the acceptance mix reconciles with residual 0 and no exception", () => {
    const { payout, transactions } = mixedPayout();
    const result = reconcilePayout(payout, transactions);
    expect(result.residual).toEqual(money(0, "usd"));
    expect(result.exceptions).toEqual([]);
    expect(result.categories.map((c) => [c.category, c.count, c.gross.amount, c.fee.amount, c.net.amount])).toEqual([
      ["charge", 5, 24843, 871, 23972],
      ["refund", 2, -4500, 0, -4500],
      ["dispute", 2, -6000, 3000, -9000],
      ["dispute_reversal", 1, 4000, 0, 4000],
      ["fee", 1, -200, 0, -200],
      ["other_adjustment", 1, 35, 0, 35],
    ]);
    expect(payout.amount.amount).toBe(23972 - 4500 - 9000 + 4000 - 200 + 35);
  });

  it("a transaction missing from the list leaves a residual, which is an exception", () => {
    const { payout, transactions } = mixedPayout();
    const result = reconcilePayout(payout, transactions.slice(1));
    expect(result.residual.amount).toBe(5000 - 175);
    expect(kinds(result)).toEqual(["residual"]);
    expect(result.exceptions[0]).toMatchObject({ amount: money(4825, "usd"), resolutions: ["resync", "write_off"] });
  });

  it("a charge with no order: no_order, with a reason and a suggested action", () => {
    const txn = settled({ category: "charge", gross: 2000, fee: 88 });
    const result = reconcilePayout(paidPayout(1912), [matched(txn, null)]);
    expect(result.exceptions).toEqual([
      expect.objectContaining({
        kind: "no_order",
        balanceTransaction: txn.id,
        reason: `no order found for charge ${txn.id} of USD 20.00`,
        suggestedAction: expect.stringContaining("Link the transaction to its order"),
      }),
    ]);
  });

  it("an order whose total differs from the charge: amount_differs", () => {
    const result = reconcilePayout(paidPayout(1912), [
      matched(settled({ category: "charge", gross: 2000, fee: 88 }), orderFacts(1, money(2100, "usd"))),
    ]);
    expect(kinds(result)).toEqual(["amount_differs"]);
    expect(result.exceptions[0]!.reason).toContain("recorded − captured = USD 1.00");
  });

  it("a partial capture: the order's total is compared with the charge net of its reversal", () => {
    const sources = { charge: ids.charge(9) };
    const order = orderFacts(9, money(1500, "usd"));
    const result = reconcilePayout(paidPayout(1500 - 60), [
      matched(settled({ category: "charge", gross: 2000, fee: 60, sources }), order),
      matched(settled({ category: "partial_capture_reversal", gross: -500, sources }), order),
    ]);
    expect(result.exceptions).toEqual([]);
  });

  it("an order paid in Stripe but not in nopCommerce", () => {
    const order = orderFacts(1, money(2000, "usd"), { paidInNop: false });
    const result = reconcilePayout(paidPayout(1912), [
      matched(settled({ category: "charge", gross: 2000, fee: 88 }), order),
    ]);
    expect(kinds(result)).toEqual(["order_not_paid_in_nop"]);
  });

  it("a refund nopCommerce has not recorded, and one recorded for another amount", () => {
    const refund = (recorded: number | null) =>
      matched(
        settled({ category: "refund", gross: -500 }),
        orderFacts(1, recorded === null ? null : money(recorded, "usd"), { currency: money(0, "usd").currency }),
      );
    expect(kinds(reconcilePayout(paidPayout(-500), [refund(null)]))).toEqual(["refund_not_recorded"]);
    expect(kinds(reconcilePayout(paidPayout(-500), [refund(400)]))).toEqual(["amount_differs"]);
  });

  it("an order in another currency than the customer paid in, and a transaction settled outside the payout's currency", () => {
    const euroOrder = orderFacts(1, money(2000, "eur"));
    expect(
      kinds(
        reconcilePayout(paidPayout(1912), [matched(settled({ category: "charge", gross: 2000, fee: 88 }), euroOrder)]),
      ),
    ).toEqual(["currency_mismatch"]);
    const inEuro = matched(settled({ category: "fee", gross: -100, currency: "eur" }), null);
    expect(kinds(reconcilePayout(paidPayout(0), [inEuro]))).toEqual(["currency_mismatch"]);
  });

  it("a reporting category nobody mapped is an exception, not a guess", () => {
    const result = reconcilePayout(paidPayout(-100), [
      matched(settled({ category: "climate_order_purchase", gross: -100 }), null),
    ]);
    expect(kinds(result)).toEqual(["unclassified_category"]);
  });

  it("page by page: a partial-capture reversal in a later page still explains its charge; a real difference is reported at the end", () => {
    const sources = { charge: ids.charge(9) };
    const charge = settled({ category: "charge", gross: 2000, fee: 60, sources });
    const reversal = settled({ category: "partial_capture_reversal", gross: -500, sources });
    for (const [recorded, expected] of [
      [1500, []],
      [1400, ["amount_differs"]],
    ] as const) {
      const order = orderFacts(9, money(recorded, "usd"));
      const reconciler = payoutReconciler(paidPayout(1440));
      expect(reconciler.add([matched(charge, order)])).toEqual([]);
      expect(reconciler.add([matched(reversal, order)])).toEqual([]);
      const end = reconciler.finish();
      expect(end.exceptions.map((e) => e.kind)).toEqual(expected);
      expect(end.residual.amount).toBe(0);
    }
  });

  it("resumed from a JSON snapshot between pages, it ends as if it had never stopped (a crash resumes at the next page)", () => {
    const { payout, transactions } = mixedPayout();
    const whole = reconcilePayout(payout, transactions);
    const first = payoutReconciler(payout);
    first.add(transactions.slice(0, 4));
    const stored = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = payoutReconciler(payout, stored);
    resumed.add(transactions.slice(4));
    const end = resumed.finish();
    expect(end.residual).toEqual(whole.residual);
    expect(end.categories).toEqual(whole.categories);
    expect(end.exceptions).toEqual([]);
  });
});
