import type { PayoutAction, PayoutProgress } from "./payout-actions.js";
import type { PayoutState } from "./payouts-store.js";

export const arrivalKey = (state: PayoutState) => `ledger:payout:${state.payout.id}:arrival`;

/**
 * Pure: what the payout still needs. Pages first (a crash resumes at the next one), then the arrival when Stripe
 * says paid, or its reversal when a paid payout failed or was canceled afterwards, then every entry not yet in the
 * ERP, then the status that follows.
 */
export function planPayout(state: PayoutState): PayoutAction[] {
  if (!state.reconciled) return [{ name: "reconcile-page", page: state.pagesDone }];
  const actions: PayoutAction[] = [];
  const arrival = state.entries.find((e) => e.key === arrivalKey(state));
  const reversed = state.entries.some((e) => e.reverses === arrivalKey(state));
  const stripeStatus = state.payout.status;
  if (stripeStatus === "paid" && !arrival) actions.push({ name: "arrive" });
  if ((stripeStatus === "failed" || stripeStatus === "canceled") && arrival && !reversed)
    actions.push({ name: "reverse-arrival" });
  for (const entry of state.entries) if (!entry.posted) actions.push({ name: "post-entry", entryKey: entry.key });
  if (actions.length > 0) return actions;
  const status = progressOf(state);
  return status === state.progress ? [] : [{ name: "set-status", status }];
}

/**
 * reconciling until every page is in; then exceptions while any is open, else matched; posted once every entry
 * is in the ERP with nothing open; reversed when Stripe failed or canceled the payout and that is journaled too.
 */
export function progressOf(state: PayoutState): PayoutProgress {
  if (!state.reconciled) return "reconciling";
  if (state.openExceptions > 0) return "exceptions";
  const allPosted = state.entries.every((e) => e.posted);
  if (!allPosted) return "matched";
  const stripeStatus = state.payout.status;
  if (stripeStatus === "failed" || stripeStatus === "canceled") return "reversed";
  return stripeStatus === "paid" ? "posted" : "matched";
}
