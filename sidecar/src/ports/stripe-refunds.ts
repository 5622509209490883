import type { ChargeId, OrderGuid, PaymentIntentId, RefundId } from "../domain/ids.js";
import type { Money } from "../domain/money.js";
import type { Result } from "../domain/result.js";
import type { IdempotencyMismatch, StripeMissing } from "./stripe.js";

/** Stripe's refund statuses; one a newer API version adds is kept as text and ignored by the flow. */
export type RefundStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

/** A refund as the flows read it, checked where it enters (an event or an API answer). */
export interface RefundSnapshot {
  id: RefundId;
  status: string;
  amount: Money;
  chargeId: ChargeId | null;
  paymentIntentId: PaymentIntentId | null;
  failureReason: string | null;
  /** The sidecar's own refund request (metadata `sidecar_refund`), when the sidecar made it. */
  requestKey: string | null;
  /** metadata `nop_order_guid`, when it says. */
  orderGuid: OrderGuid | null;
  created: Date;
}

/** Why Stripe refused to refund: expected outcomes, not errors. */
export interface RefundRefused {
  kind: "refund_refused";
  /** Stripe's code: charge_already_refunded, charge_disputed, charge_not_refundable, amount_too_large, ... */
  code: string;
  message: string;
}

export interface NewRefund {
  paymentIntentId: PaymentIntentId;
  amount: Money;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | null;
  /** Our request's key and order, so a refund we made is recognised in its webhooks. */
  requestKey: string;
  orderGuid: OrderGuid;
}

/** What the refunds flow asks of Stripe. */
export interface RefundsPort {
  create(
    refund: NewRefund,
    idempotencyKey: string,
  ): Promise<Result<RefundSnapshot, RefundRefused | IdempotencyMismatch>>;
  retrieve(id: RefundId): Promise<Result<RefundSnapshot, StripeMissing>>;
  /** Every refund of a charge (charge.refunded says a charge changed, not which refund). */
  listForCharge(chargeId: ChargeId): Promise<RefundSnapshot[]>;
}

/** What one refund.* / charge.refund.updated / charge.refunded webhook is about. */
export type RefundEventFacts = { kind: "refund"; refund: RefundSnapshot } | { kind: "charge"; chargeId: ChargeId };

/** Reads Stripe's refund webhooks; throws PermanentError for an object Stripe could not have sent. */
export interface RefundEventsPort {
  refundEvent(event: { eventId: string; payload: unknown }): RefundEventFacts;
}
