import { describe, expect, it } from "vitest";
import { orderGuid, paymentIntentId, type RefundId } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { defaultRefundRules, type RefundRules } from "../../domain/refund-rules.js";
import { holdsMoney, planRefunds } from "./plan-refunds.js";
import { keyOf, type RefundAction } from "./refund-actions.js";
import type { RefundOrigin, RefundRecord, RefundState, RefundsState } from "./refunds-store.js";
import { leftToRefund, refusalFor } from "./request-refund.js";

const guid = orderGuid("cb4c4ff8-875a-4ad2-b603-bf18a942f0bf");
const usd = (amount: number) => money(amount, "usd");

function refund(origin: RefundOrigin, state: RefundState | null, changes: Partial<RefundRecord> = {}): RefundRecord {
  return {
    key: `${origin}:1`,
    orderGuid: guid,
    origin,
    amount: usd(500),
    reason: null,
    returnRequestId: origin === "rma" ? 1 : null,
    breakdown:
      origin === "rma"
        ? {
            amount: usd(500),
            items: usd(500),
            shipping: usd(0),
            restockingFee: usd(0),
            orderItemId: 1,
            productId: 7,
            quantity: 1,
          }
        : null,
    stripeRefundId: state === null || state === "refused" ? null : ("re_1" as RefundId),
    state,
    failureReason: null,
    requestedBy: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...changes,
  };
}

function stateOf(
  refunds: RefundRecord[],
  done: RefundAction[] = [],
  methodName = "Payments.StripeSidecar",
): RefundsState {
  return {
    order: {
      orderGuid: guid,
      nopOrderId: 1,
      storeId: 1,
      paymentMethodSystemName: methodName,
      total: usd(1000),
      paymentIntentId: paymentIntentId("pi_1"),
      amountReceived: usd(1000),
      erpSalesOrderId: null,
    },
    refunds,
    done: new Set(done.map((a) => keyOf(guid, a))),
  };
}

const names = (actions: RefundAction[]) => actions.map((a) => a.name);
const plan = (s: RefundsState, rules: RefundRules = defaultRefundRules) => names(planRefunds(s, rules));

describe("planRefunds", () => {
  it("asks Stripe once for a request of ours, never for a dashboard refund", () => {
    for (const origin of ["rma", "admin", "graphql"] as const)
      expect(plan(stateOf([refund(origin, null)]))).toEqual(["stripe-refund"]);
    expect(plan(stateOf([refund("dashboard", null)]))).toEqual([]);
  });

  it("on succeeded: nop (not for an admin refund, which nop recorded itself), the return, stock, ERP, note", () => {
    expect(plan(stateOf([refund("rma", "succeeded")]))).toEqual([
      "nop-record",
      "return-items-refunded",
      "restock",
      "erp-credit-memo",
      "customer-note",
    ]);
    expect(plan(stateOf([refund("admin", "succeeded")]))).toEqual(["erp-credit-memo", "customer-note"]);
    expect(plan(stateOf([refund("dashboard", "succeeded")]))).toEqual([
      "nop-record",
      "erp-credit-memo",
      "customer-note",
    ]);
    expect(plan(stateOf([refund("graphql", "succeeded")]))).toEqual(["nop-record", "erp-credit-memo", "customer-note"]);
  });

  it("restocks only by rule", () => {
    const noRestock = { ...defaultRefundRules, stores: { "1": { restock: false } } };
    expect(plan(stateOf([refund("rma", "succeeded")]), noRestock)).not.toContain("restock");
  });

  it("tells nop nothing while the money has not gone back; one problem note per status", () => {
    for (const status of ["pending", "requires_action", "failed", "canceled"] as const) {
      const actions = planRefunds(stateOf([refund("graphql", status)]), defaultRefundRules);
      expect(actions).toEqual([{ name: "problem", refund: "graphql:1", status }]);
      expect(planRefunds(stateOf([refund("graphql", status)], actions), defaultRefundRules)).toEqual([]);
    }
    expect(plan(stateOf([refund("rma", "refused")]))).toEqual(["refused"]);
  });

  it("skips what is done, and a refund that later failed still gets its problem note", () => {
    const r = refund("rma", "succeeded");
    const done: RefundAction[] = [
      "nop-record",
      "return-items-refunded",
      "restock",
      "erp-credit-memo",
      "customer-note",
    ].map((name) => ({ name, refund: r.key }) as RefundAction);
    expect(plan(stateOf([r], done))).toEqual([]);
    expect(plan(stateOf([{ ...r, state: "failed" }], done))).toEqual(["problem"]);
  });

  it("counts only refunds that hold money against what is left", () => {
    expect([null, "pending", "requires_action", "succeeded"].every((s) => holdsMoney(s as RefundState))).toBe(true);
    expect(["failed", "canceled", "refused"].some((s) => holdsMoney(s as RefundState))).toBe(false);
    const s = stateOf([refund("graphql", "succeeded"), refund("admin", "failed", { key: "admin:2" })]);
    expect(leftToRefund(s)).toEqual(usd(500));
  });
});

describe("refusalFor", () => {
  it("refuses too much, nothing, another currency and another payment method, naming it", () => {
    const s = stateOf([refund("graphql", "succeeded")]);
    expect(refusalFor(s, usd(500))).toBeUndefined();
    expect(refusalFor(s, usd(501))?.message).toMatch(
      /exceeds what is left to refund on order .*: USD 5\.00 of USD 10\.00/,
    );
    expect(refusalFor(s, usd(0))?.problem.code).toBe("amount_not_positive");
    expect(refusalFor(s, money(5, "eur"))?.problem.code).toBe("currency_mismatch");
    expect(refusalFor(stateOf([], [], "Payments.CheckMoneyOrder"), usd(1))?.message).toMatch(
      /paid with Payments\.CheckMoneyOrder/,
    );
    const unpaid = stateOf([]);
    expect(refusalFor({ ...unpaid, order: { ...unpaid.order, paymentIntentId: null } }, usd(1))?.problem.code).toBe(
      "no_payment",
    );
  });
});
