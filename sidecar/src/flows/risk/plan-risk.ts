import { type RiskAction, type RiskActionName, riskKey } from "./risk-actions.js";
import type { RiskReview, RiskState } from "./risk-store.js";

/** The expiry action runs this long before Stripe's capture_before, so the capture or cancel still reaches it. */
export const expiryMarginMs = 5 * 60_000;

/** When the open review's alert and expiry action are due (none without an authorization to expire). */
export function reviewDeadlines(review: Pick<RiskReview, "captureBefore">, alertBeforeMs: number) {
  if (!review.captureBefore) return null;
  const expiry = review.captureBefore.getTime();
  return { alertAt: new Date(expiry - alertBeforeMs), expireAt: new Date(expiry - expiryMarginMs) };
}

/**
 * The order's next risk actions, from its decision and its review. Pure: the same state gives the same plan.
 * No decision yet: decide (once nopCommerce described the order). Low: capture. High: cancel the PaymentIntent as
 * fraudulent, cancel the order in nopCommerce with a note saying why. Review: open the review; then the reviewer's approval captures (approving
 * Stripe's Radar review too), a rejection cancels, and an open review is alerted on before its authorization
 * expires and settled by the store's rule at expiry.
 */
export function planRisk(state: RiskState): RiskAction[] {
  const { riskCase, review, rules } = state;
  const orderGuid = riskCase?.orderGuid ?? review?.orderGuid;
  if (!orderGuid) return [];
  const due = (...names: RiskActionName[]) =>
    names.filter((n) => !state.done.has(riskKey(orderGuid, n))).map((name) => ({ name }));

  if (riskCase && !riskCase.decision) return state.order ? due("decide") : [];
  const band = riskCase?.decision?.band ?? "review";
  if (band === "low") return due("capture");
  if (band === "high") return due("cancel", "cancel-order");
  if (!review) return riskCase ? due("open-review") : [];

  switch (review.status) {
    case "open": {
      const deadlines = reviewDeadlines(review, rules.expiryAlertBeforeMs);
      if (!deadlines || !riskCase) return [];
      const now = state.now.getTime();
      if (now >= deadlines.expireAt.getTime()) return due("expire");
      return now >= deadlines.alertAt.getTime() ? due("alert-expiry") : [];
    }
    case "approved": {
      // Approved in Stripe already (its review.closed): nothing to approve there.
      const inStripe = review.radarReviewId && review.radarClosedReason === null;
      return [...(inStripe ? due("approve-radar-review") : []), ...(riskCase ? due("capture") : [])];
    }
    case "rejected":
      // Not decided here (a Radar review of a captured payment): refused in Stripe by refunding it.
      return riskCase ? due("cancel", "cancel-order") : due("refund-rejected");
    case "expired":
      return rules.atExpiry === "capture" ? due("capture") : due("cancel", "cancel-order");
    case "closed":
      // Closed in Stripe (refunded, disputed, canceled there): nothing left to decide here.
      return [];
  }
}
