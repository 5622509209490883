import type { StandardAddress } from "../domain/customers/standard-address.js";
import type { ChargeId, OrderGuid, PaymentIntentId, StripeCustomerId } from "../domain/ids.js";
import type { Money } from "../domain/money.js";
import type { PaymentEventType } from "../domain/payment-state.js";
import type { Result } from "../domain/result.js";

// What the flows ask of Stripe, one narrow port per resource, in the flows' words. Expected outcomes (an object
// Stripe does not have, an idempotency key reused with other parameters) are results; a refused request or an
// unreachable Stripe throws the shared connector errors (ports/connector-errors.ts). Every write takes its
// idempotency key.

/** Stripe has no such object (deleted, another account, another mode). */
export interface StripeMissing {
  kind: "missing";
  message: string;
}

/** The idempotency key was used before with other parameters: the earlier request stands. */
export interface IdempotencyMismatch {
  kind: "idempotency_mismatch";
  message: string;
}

/** One failed payment attempt, identified by its charge (or, without a charge, by the event that told us). */
export interface Decline {
  id: string;
  code: string | null;
  declineCode: string | null;
  message: string;
}

/** A PaymentIntent as the flows read it: checked once where it enters, then in our names and types. */
export interface PaymentIntentSnapshot {
  id: PaymentIntentId;
  /** Stripe's status; one this sidecar does not know (a newer API version) is left for the flow to skip. */
  status: string;
  captureMethod: string;
  amount: Money;
  amountCapturable: Money;
  amountReceived: Money;
  latestChargeId: ChargeId | null;
  /** The order it was made for (metadata nop_order_guid), when it says. */
  orderGuid: OrderGuid | null;
  /** The last failed attempt, as a decline (its charge id, else `auth:<event id>`), when there is one. */
  lastPaymentError: (Omit<Decline, "id"> & { chargeId: string | null }) | null;
  clientSecret: string | null;
}

export interface NewPaymentIntent {
  amount: Money;
  customer: StripeCustomerId;
  captureMethod: "automatic" | "manual";
  description?: string;
  metadata: Record<string, string>;
  /** Saves the card on the customer (`setup_future_usage: off_session`), so a subscription can bill it later. */
  saveCardForLater?: boolean;
}

export interface PaymentIntentsPort {
  retrieve(id: PaymentIntentId): Promise<Result<PaymentIntentSnapshot, StripeMissing>>;
  create(intent: NewPaymentIntent, idempotencyKey: string): Promise<Result<PaymentIntentSnapshot, IdempotencyMismatch>>;
  /** Adds the order's GUID to the metadata (a PaymentIntent made for a cart, before the order existed). */
  tagOrder(
    id: PaymentIntentId,
    orderGuid: OrderGuid,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>>;
  /** Cancels a PaymentIntent nobody paid (reason `abandoned`), so a late attempt cannot charge. */
  cancelAbandoned(id: PaymentIntentId, idempotencyKey: string): Promise<Result<void, StripeMissing>>;
  /** Captures an authorized PaymentIntent in full (the admin's Capture). */
  capture(
    id: PaymentIntentId,
    idempotencyKey: string,
  ): Promise<Result<PaymentIntentSnapshot, StripeMissing | IdempotencyMismatch>>;
  /** Cancels an authorized, uncaptured PaymentIntent, releasing the hold (the admin's Void). */
  voidAuthorization(
    id: PaymentIntentId,
    idempotencyKey: string,
    /** Stripe's cancellation_reason; the risk flow cancels a payment it scored high as `fraudulent`. */
    reason?: "fraudulent",
  ): Promise<Result<PaymentIntentSnapshot, StripeMissing | IdempotencyMismatch>>;
}

/** A Stripe customer per nopCommerce customer. */
/** A Stripe customer's values as the customers flow writes them (addresses in their standard form). */
export interface StripeCustomerValues {
  email: string | null;
  name: string | null;
  phone: string | null;
  address: StandardAddress | null;
  shipping: { name: string; phone: string | null; address: StandardAddress } | null;
  metadata: Record<string, string>;
}

/** A Stripe customer's values without the metadata: what the sync compares. */
export type StripeCustomerFields = Omit<StripeCustomerValues, "metadata">;

/** Fields to change (one left out is not touched, null clears it), and the metadata to merge. */
export type StripeCustomerUpdate = Partial<StripeCustomerFields> & { metadata: Record<string, string> };

/** A saved card as the sidecar may show it: brand, last four and expiry, never more of the card. */
export interface CardOnFile {
  /** The PaymentMethod's id (no card data: it names the saved card, for paging). */
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** Stripe customers, written by the customers flow only; never found by search (it lags), always by our link. */
export interface CustomersPort {
  create(
    customer: StripeCustomerValues,
    idempotencyKey: string,
  ): Promise<Result<StripeCustomerId, IdempotencyMismatch>>;
  retrieve(id: StripeCustomerId): Promise<Result<StripeCustomerFields, StripeMissing>>;
  update(
    id: StripeCustomerId,
    customer: StripeCustomerUpdate,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>>;
  /** The customer's saved cards, Stripe's order (newest first), `limit` after the card `after`. */
  cards(
    id: StripeCustomerId,
    page: { after?: string; limit: number },
  ): Promise<Result<{ cards: CardOnFile[]; hasMore: boolean }, StripeMissing>>;
}

/** What one payment_intent.* or charge.* webhook says, in the flows' words. */
export interface PaymentEventFacts {
  type: PaymentEventType;
  /** Null: a charge without a PaymentIntent, which is no order payment of ours. */
  paymentIntentId: PaymentIntentId | null;
  /** The PaymentIntent as the event carried it (payment_intent.* events only). */
  snapshot: PaymentIntentSnapshot | null;
  /** The declines this event reports (payment_failed, charge.failed), each once per charge. */
  declines: Decline[];
}

/** Reads Stripe webhook payloads; throws PermanentError for an object Stripe could not have sent. */
export interface StripeEventsPort {
  paymentEvent(event: { eventId: string; type: PaymentEventType; payload: unknown }): PaymentEventFacts;
}

/** Order-to-cash's Stripe (customers come through the customers flow's link, ports/customer-links.ts). */
export interface StripePorts {
  paymentIntents: PaymentIntentsPort;
  events: StripeEventsPort;
}
