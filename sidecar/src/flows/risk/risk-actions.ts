import type { OrderGuid } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const riskFlow = "risk";

/** Every action the flow logs for an order; its key is `risk:<order guid>:<name>`. */
export type RiskActionName =
  /** Facts gathered, scored, the advisor asked (once), the band decided: the decision record. */
  | "decide"
  | "open-review"
  | "approve-radar-review"
  | "alert-expiry"
  | "expire"
  | "capture"
  | "cancel"
  | "cancel-order"
  /** A rejected Radar review of a payment captured without a decision here: refunded in full (refunds flow). */
  | "refund-rejected"
  /** A reviewer's claim and decision: logged as decisions (not actions the plan asks for). */
  | "claim"
  | "review-decision";

/** Keys of the flow's actions: the idempotency key sent to the other system and the log row that marks it done. */
export const riskKey = actionKeys<OrderGuid, RiskActionName>("risk");

/** What the plan can ask for; each is performed by the executor (execute-risk-action.ts). */
export type RiskAction = { name: RiskActionName };

/** The refunds flow's full refund of an order, once per request id; says what became of it. */
export type RefundOrder = (request: { orderGuid: OrderGuid; requestId: string; reason: string }) => Promise<string>;

export const identify = (action: RiskAction): string => action.name;
