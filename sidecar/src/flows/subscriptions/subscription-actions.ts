import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const subscriptionsFlow = "subscriptions";

/** The aggregate: a nopCommerce recurring payment, by its id. */
export type RecurringPaymentKey = string & { readonly __brand: "RecurringPaymentKey" };
export const recurringPaymentKey = (id: number): RecurringPaymentKey => String(id) as RecurringPaymentKey;

/** Every action the flow logs for a recurring payment; its key is `sub:<recurring payment id>:<name>[:<detail>]`. */
export type SubscriptionActionName =
  | "not-billed"
  | "create-subscription"
  | "process-invoice"
  | "note-failed-payment"
  | "mark-payment-failed"
  | "cancel-subscription"
  | "cancel-in-nop";

/** Keys of the flow's actions: the idempotency key sent to the other system and the log row that marks it done. */
export const subscriptionKey = actionKeys<RecurringPaymentKey, SubscriptionActionName>("sub");

/** What the plan can ask for; each is performed by the executor (execute-subscription-action.ts). */
export type SubscriptionAction =
  | { name: "not-billed"; reason: string }
  | { name: "create-subscription" }
  /** processNextRecurringPayment for a paid invoice (the first one stands for the initial order's cycle). */
  | { name: "process-invoice"; invoiceId: string }
  | { name: "note-failed-payment"; invoiceId: string; attempt: number }
  | { name: "mark-payment-failed"; invoiceId: string; attempt: number }
  | { name: "cancel-subscription" }
  | { name: "cancel-in-nop" };

/** The details that make an action's key unique on its aggregate. */
export function detailsOf(action: SubscriptionAction): string[] {
  switch (action.name) {
    case "process-invoice":
      return [action.invoiceId];
    case "note-failed-payment":
    case "mark-payment-failed":
      return [action.invoiceId, String(action.attempt)];
    case "not-billed":
    case "create-subscription":
    case "cancel-subscription":
    case "cancel-in-nop":
      return [];
  }
}

export const identify = (action: SubscriptionAction): string => [action.name, ...detailsOf(action)].join(":");

/** The action's key on one recurring payment: what its log row and its idempotency key are. */
export const keyOf = (recurringPaymentId: number, action: SubscriptionAction) =>
  subscriptionKey(recurringPaymentKey(recurringPaymentId), action.name, ...detailsOf(action));
