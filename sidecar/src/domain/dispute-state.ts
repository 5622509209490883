// Stripe's dispute statuses and the one rule about them the flows need: a dispute only moves forward. Events
// arrive late and out of order, so what is stored is the furthest state seen, never an older one.

export const disputeStatuses = [
  "warning_needs_response",
  "warning_under_review",
  "warning_closed",
  "needs_response",
  "under_review",
  "won",
  "lost",
  "prevented",
] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export const isDisputeStatus = (status: string): status is DisputeStatus =>
  (disputeStatuses as readonly string[]).includes(status);

/** How far along a status is: an inquiry (warning_*) may escalate to a chargeback; any closed status is final. */
export function disputeProgress(status: DisputeStatus): number {
  switch (status) {
    case "warning_needs_response":
      return 0;
    case "warning_under_review":
      return 1;
    case "needs_response":
      return 2;
    case "under_review":
      return 3;
    case "warning_closed":
    case "won":
    case "lost":
    case "prevented":
      return 4;
  }
}

export const isClosedDispute = (status: DisputeStatus): boolean => disputeProgress(status) === 4;

/** What a closed dispute means for the money: kept (won, an inquiry closed, a dispute prevented) or lost. */
export function disputeOutcome(status: DisputeStatus): "open" | "kept" | "lost" {
  switch (status) {
    case "lost":
      return "lost";
    case "won":
    case "warning_closed":
    case "prevented":
      return "kept";
    default:
      return "open";
  }
}

/** The status to keep when `observed` is seen after `stored`: the later of the two; a closed one stays. */
export function laterStatus(stored: DisputeStatus, observed: DisputeStatus): DisputeStatus {
  return disputeProgress(observed) > disputeProgress(stored) ? observed : stored;
}
