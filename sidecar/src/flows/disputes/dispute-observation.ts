import { isDisputeStatus, laterStatus } from "../../domain/dispute-state.js";
import type { DisputeSnapshot } from "../../ports/stripe-disputes.js";
import type { DisputeObservation, DisputeRecord } from "./disputes-store.js";

/** A snapshot in the flow's words, or undefined for a status this sidecar does not know (a newer API version). */
export function observationOf(snapshot: DisputeSnapshot): DisputeObservation | undefined {
  const { id, created, status, ...rest } = snapshot;
  if (!isDisputeStatus(status)) return undefined;
  return { ...rest, disputeId: id, status, openedAt: created };
}

/**
 * The stored dispute after `observed`, seen in any order: the status only moves forward (a closed dispute never
 * reopens), a balance movement once seen stays, counts never go down. `changed`: whether anything moved.
 */
export function mergeDispute(
  stored: DisputeRecord,
  observed: DisputeObservation,
): { next: DisputeRecord; changed: boolean } {
  const next: DisputeRecord = {
    ...stored,
    paymentIntentId: stored.paymentIntentId ?? observed.paymentIntentId,
    status: laterStatus(stored.status, observed.status),
    // The amount and reason may be corrected while open (an inquiry escalated); a closed dispute's are final.
    amount: laterStatus(stored.status, observed.status) === stored.status ? stored.amount : observed.amount,
    reason: laterStatus(stored.status, observed.status) === stored.status ? stored.reason : observed.reason,
    dueBy: observed.dueBy ?? stored.dueBy,
    hasEvidence: stored.hasEvidence || observed.hasEvidence,
    submissionCount: Math.max(stored.submissionCount, observed.submissionCount),
    pastDue: stored.pastDue || observed.pastDue,
    withdrawal: stored.withdrawal ?? observed.withdrawal,
    reinstatement: stored.reinstatement ?? observed.reinstatement,
  };
  const changed = JSON.stringify(next) !== JSON.stringify(stored);
  return { next, changed };
}

/** A dispute seen for the first time: Stripe's side, nothing done yet. */
export const newDisputeRecord = (observed: DisputeObservation): DisputeRecord => ({
  ...observed,
  fulfillment: null,
  evidence: null,
  evidenceState: "none",
  evidenceApprovedBy: null,
});
