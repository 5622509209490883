import { OrderStatus, type OrderStatusId, PaymentStatus, type PaymentStatusId } from "./nop-statuses.js";

/** Every status a PaymentIntent can have (API 2026-10-28). */
export const paymentIntentStatuses = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
  "canceled",
  "succeeded",
] as const;
export type PaymentIntentStatus = (typeof paymentIntentStatuses)[number];

export function isPaymentIntentStatus(value: string): value is PaymentIntentStatus {
  return (paymentIntentStatuses as readonly string[]).includes(value);
}

/** What nopCommerce should show for a PaymentIntent status, and the write-back that gets it there. */
export interface NopTarget {
  paymentStatusId: PaymentStatusId;
  orderStatusId: OrderStatusId;
  action: "none" | "note-decline" | "mark-authorized" | "mark-paid" | "void-or-cancel";
}

/**
 * The exhaustive mapping (README table). `declined` is true when requires_payment_method carries a
 * last_payment_error, i.e. an attempt failed: the order stays Pending for another card.
 */
export function nopTargetFor(status: PaymentIntentStatus, declined: boolean): NopTarget {
  switch (status) {
    case "requires_payment_method":
      return {
        paymentStatusId: PaymentStatus.Pending,
        orderStatusId: OrderStatus.Pending,
        action: declined ? "note-decline" : "none",
      };
    case "requires_confirmation":
    case "requires_action":
    case "processing":
      return { paymentStatusId: PaymentStatus.Pending, orderStatusId: OrderStatus.Pending, action: "none" };
    case "requires_capture":
      return {
        paymentStatusId: PaymentStatus.Authorized,
        orderStatusId: OrderStatus.Processing,
        action: "mark-authorized",
      };
    case "succeeded":
      return { paymentStatusId: PaymentStatus.Paid, orderStatusId: OrderStatus.Processing, action: "mark-paid" };
    case "canceled":
      return { paymentStatusId: PaymentStatus.Voided, orderStatusId: OrderStatus.Cancelled, action: "void-or-cancel" };
  }
}

/**
 * Order of progress. Ranks from requires_capture up only ever go up (money was authorized or moved); below it a
 * PaymentIntent legitimately moves back and forth (3-D Secure failed -> requires_payment_method -> new card).
 */
export function paymentRank(status: PaymentIntentStatus): number {
  switch (status) {
    case "requires_payment_method":
    case "requires_confirmation":
      return 1;
    case "requires_action":
      return 2;
    case "processing":
      return 3;
    case "requires_capture":
      return 4;
    case "canceled":
      return 5;
    case "succeeded":
      return 6;
  }
}

export const isTerminal = (status: PaymentIntentStatus) => status === "succeeded" || status === "canceled";

/** Statuses in which the customer's money was taken or is held for the merchant. */
export const moneyHeldStatuses = ["succeeded", "requires_capture"] as const satisfies readonly PaymentIntentStatus[];

export const holdsMoney = (status: PaymentIntentStatus) => (moneyHeldStatuses as readonly string[]).includes(status);

/** May a stored status be replaced by a newly observed one? A late failure never undoes a payment. */
export function mayReplace(stored: PaymentIntentStatus, observed: PaymentIntentStatus): boolean {
  if (isTerminal(stored)) return false;
  const from = paymentRank(stored);
  const to = paymentRank(observed);
  return from < paymentRank("requires_capture") ? true : to >= from;
}

/** The Stripe events this flow reads, and what each says about its PaymentIntent. */
export const paymentEventTypes = [
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.requires_action",
  "payment_intent.canceled",
  "payment_intent.amount_capturable_updated",
  "payment_intent.processing",
  "charge.succeeded",
  "charge.failed",
  "charge.captured",
] as const;
export type PaymentEventType = (typeof paymentEventTypes)[number];

/**
 * Whether an event's own snapshot can be trusted as the current state. Terminal states cannot change, so
 * they are safe; anything else may be stale by the time it is processed and is re-fetched from Stripe.
 */
export function eventIsAuthoritative(type: PaymentEventType): boolean {
  switch (type) {
    case "payment_intent.succeeded":
    case "payment_intent.canceled":
    case "charge.captured":
      return true;
    case "payment_intent.payment_failed":
    case "payment_intent.requires_action":
    case "payment_intent.amount_capturable_updated":
    case "payment_intent.processing":
    case "charge.succeeded":
    case "charge.failed":
      return false;
  }
}
