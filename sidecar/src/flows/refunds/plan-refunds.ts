import { type RefundRules, refundRulesForStore } from "../../domain/refund-rules.js";
import { keyOf, type RefundAction } from "./refund-actions.js";
import type { RefundRecord, RefundState, RefundsState } from "./refunds-store.js";

/** Whether the money of a refund is (or may still be) on its way back: it counts against what is left to refund. */
export function holdsMoney(state: RefundState | null): boolean {
  switch (state) {
    case null:
    case "pending":
    case "requires_action":
    case "succeeded":
      return true;
    case "failed":
    case "canceled":
    case "refused":
      return false;
  }
}

/** Statuses that need a person to know (an alert and a note), each once per refund. */
function isProblem(state: RefundState | null): boolean {
  switch (state) {
    case "pending":
    case "requires_action":
    case "failed":
    case "canceled":
      return true;
    case null:
    case "succeeded":
    case "refused":
      return false;
  }
}

/**
 * The actions still due for an order's refunds, in the order of work. Money moves once per request of ours (a
 * dashboard refund is never refunded again); the store is told only when Stripe says succeeded, and never by us
 * for an admin-button refund (nopCommerce recorded that one itself).
 */
export function planRefunds(state: RefundsState, rules: RefundRules): RefundAction[] {
  const store = refundRulesForStore(rules, state.order.storeId);
  const done = (action: RefundAction) => state.done.has(keyOf(state.order.orderGuid, action));
  const actions: RefundAction[] = [];
  for (const r of state.refunds) actions.push(...planOne(r, store.restock).filter((a) => !done(a)));
  return actions;
}

function planOne(r: RefundRecord, restock: boolean): RefundAction[] {
  const refund = r.key;
  if (r.state === null) return r.origin === "dashboard" ? [] : [{ name: "stripe-refund", refund }];
  if (r.state === "refused") return [{ name: "refused", refund }];
  if (isProblem(r.state)) return [{ name: "problem", refund, status: r.state }];
  // succeeded
  const actions: RefundAction[] = [];
  if (r.origin !== "admin") actions.push({ name: "nop-record", refund });
  if (r.origin === "rma") {
    actions.push({ name: "return-items-refunded", refund });
    if (restock && r.breakdown) actions.push({ name: "restock", refund });
  }
  actions.push({ name: "erp-credit-memo", refund }, { name: "customer-note", refund });
  return actions;
}
