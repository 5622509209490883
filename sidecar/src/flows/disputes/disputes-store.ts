import type { DisputeStatus } from "../../domain/dispute-state.js";
import type { DisputeId } from "../../domain/ids.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { DisputeEvidence, DisputeSnapshot } from "../../ports/stripe-disputes.js";
import type { OrderOfPayment } from "../order-to-cash/index.js";

/**
 * What became of the order's fulfillment: held in the WMS, found already shipped (so not held), no WMS request
 * to hold, released after a kept dispute, or cancelled after a lost one.
 */
export type FulfillmentHold = "held" | "shipped" | "no-request" | "released" | "cancelled";

/** drafted: the sidecar's draft (maybe edited); approved: an admin said submit it; submitted: Stripe has it. */
export type EvidenceState = "none" | "drafted" | "approved" | "submitted";

/** Stripe's side of a dispute, as observed at one moment: the snapshot, in the flow's names and statuses. */
export type DisputeObservation = Omit<DisputeSnapshot, "id" | "created" | "status"> & {
  disputeId: DisputeId;
  status: DisputeStatus;
  openedAt: Date;
};

/** What the flow knows of one dispute: Stripe's state merged forward, and what the flow did about it. */
export interface DisputeRecord extends DisputeObservation {
  fulfillment: FulfillmentHold | null;
  evidence: DisputeEvidence | null;
  evidenceState: EvidenceState;
  /** Who approved the evidence (the admin's token subject). */
  evidenceApprovedBy: string | null;
}

/** Everything the plan reads about one dispute, in one go. */
export interface DisputeState {
  dispute: DisputeRecord;
  /** The order the disputed payment was for (order-to-cash's read port); undefined: not one of ours (yet). */
  order: OrderOfPayment | undefined;
  done: ReadonlySet<string>;
  /** When the state was read: the plan compares the due date with it. */
  now: Date;
}

export type DisputePatch = Partial<
  Pick<DisputeRecord, "fulfillment" | "evidence" | "evidenceState" | "evidenceApprovedBy">
>;

/** The flow's storage port; the SQL adapter implements it. */
export interface DisputesStore {
  get(disputeId: DisputeId): Promise<DisputeRecord | undefined>;
  /** The dispute and the keys of the actions done on it. */
  load(disputeId: DisputeId): Promise<{ dispute: DisputeRecord; done: ReadonlySet<string> } | undefined>;
  /** Merges what Stripe said forward (a closed dispute never reopens) and returns the stored result. */
  observe(observation: DisputeObservation, event?: LogEntry): Promise<DisputeRecord>;
  /** Writes the flow's own fields, with the log entry of the action that changed them, in one statement. */
  update(disputeId: DisputeId, patch: DisputePatch, entry?: LogEntry): Promise<void>;
  /** Notes which order (and store) the dispute is about, once order-to-cash knows it; idempotent. */
  linkOrder(disputeId: DisputeId, orderGuid: string, storeId: number | null): Promise<void>;
  /** False when an entry with this key exists already. */
  record(entry: LogEntry): Promise<boolean>;
}
