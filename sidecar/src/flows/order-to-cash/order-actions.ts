import type { OrderGuid } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";
import type { Decline, ShipmentNotice } from "./order-to-cash-store.js";

/** The flow's name in the action log and in its locks. */
export const orderToCashFlow = "order-to-cash";

/** Every action the flow logs for an order; its key is `o2c:<order guid>:<name>[:<detail>]`. */
export type OrderActionName =
  | "payment-intent"
  | "attach"
  | "mark-paid"
  | "mark-authorized"
  | "partial-capture"
  | "decline"
  | "void-or-cancel"
  | "erp-sales-order"
  | "erp-note"
  | "wms-request"
  | "ship"
  | "deliver"
  | "cancel-unpaid"
  | "unknown-order-alert"
  /** The admin's Capture / Void in nopCommerce, through the plugin's payment call (payment-calls.ts). */
  | "capture"
  | "void";

/** Keys of the flow's actions: the idempotency key sent to the other system and the log row that marks it done. */
export const orderKey = actionKeys<OrderGuid, OrderActionName>("o2c");

/** What the plan can ask for; the executor performs each (execute-order-action.ts). */
export type OrderAction =
  /** Money taken or held for an order nopCommerce has not described: look again after the grace time. */
  | { name: "check-unknown-order" }
  | { name: "mark-paid" }
  /** A note with the captured and released amounts, after a partial capture. */
  | { name: "partial-capture" }
  | { name: "mark-authorized" }
  /** A note per declined attempt, an alert, and the cancel-unpaid timer. */
  | { name: "decline"; decline: Decline }
  | { name: "void-or-cancel" }
  | { name: "erp-sales-order" }
  | { name: "erp-note" }
  | { name: "wms-request" }
  | { name: "ship"; notice: ShipmentNotice }
  | { name: "deliver" };

/** Tells the actions of one run apart. */
export const identify = (action: OrderAction): string =>
  action.name === "decline" ? `decline:${action.decline.id}` : action.name;
