import type { DisputeId } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const disputesFlow = "disputes";

/** Every action the flow logs for a dispute; its key is `du:<dispute id>:<name>`. */
export type DisputeActionName =
  | "unknown-order-alert"
  | "hold-fulfillment"
  | "hold-late-request"
  | "note-opened"
  | "alert-opened"
  | "erp-withdrawal"
  | "draft-evidence"
  | "submit-evidence"
  | "note-submitted"
  | "due-soon-alert"
  | "erp-reinstatement"
  | "erp-loss"
  | "release-fulfillment"
  | "cancel-fulfillment"
  | "nop-record-loss"
  | "nop-cancel"
  | "note-closed";

/** Keys of the flow's actions: the idempotency key sent to the other system and the log row that marks it done. */
export const disputeKey = actionKeys<DisputeId, DisputeActionName>("du");

/** What the plan can ask for; each is performed by the executor (execute-dispute-action.ts). */
export type DisputeAction = { name: DisputeActionName };

export const identify = (action: DisputeAction): string => action.name;
