import type { OrderGuid } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const refundsFlow = "refunds";

/** Every action the flow logs for an order; its key is `refunds:<order guid>:<name>:<refund request key>`. */
export type RefundActionName =
  | "stripe-refund"
  | "refused"
  | "nop-record"
  | "return-items-refunded"
  | "restock"
  | "erp-credit-memo"
  | "customer-note"
  | "problem";

/** Keys of the flow's actions: the idempotency key sent to the other system and the log row that marks it done. */
export const refundKey = actionKeys<OrderGuid, RefundActionName>("refunds");

/** What the plan can ask for, each about one refund request of the order (its `key`). */
export type RefundAction =
  /** One Stripe refund for a request of ours (not for one made in the dashboard). */
  | { name: "stripe-refund"; refund: string }
  /** Stripe refused (already refunded, disputed, too much): an alert and a note, nothing recorded. */
  | { name: "refused"; refund: string }
  /** RefundOffline / PartiallyRefundOffline in nopCommerce, once Stripe says succeeded. */
  | { name: "nop-record"; refund: string }
  | { name: "return-items-refunded"; refund: string }
  | { name: "restock"; refund: string }
  | { name: "erp-credit-memo"; refund: string }
  | { name: "customer-note"; refund: string }
  /** Pending, requires_action, failed or canceled: an alert and an order note, once per status. */
  | { name: "problem"; refund: string; status: string };

export const identify = (action: RefundAction): string =>
  action.name === "problem" ? `${action.name}:${action.refund}:${action.status}` : `${action.name}:${action.refund}`;

/** The key of an action: `problem` is once per status a refund reaches. */
export const keyOf = (orderGuid: OrderGuid, action: RefundAction) =>
  action.name === "problem"
    ? refundKey(orderGuid, action.name, action.refund, action.status)
    : refundKey(orderGuid, action.name, action.refund);
