import type { ChargeId, PaymentIntentId } from "../domain/ids.js";
import type { Result } from "../domain/result.js";
import type { RiskFacts } from "../domain/risk/risk-facts.js";
import type { IdempotencyMismatch, StripeMissing } from "./stripe.js";

/**
 * What the risk flow asks of Stripe about an authorized charge: Radar's outcome, the card's checks and
 * 3-D Secure, the card's country and fingerprint (for velocity and the blocklist, never the number), the
 * billing country, how many attempts were declined before it, and when the authorization expires.
 */
export interface ChargeRisk {
  chargeId: ChargeId;
  paymentIntentId: PaymentIntentId | null;
  radar: RiskFacts["radar"];
  card: RiskFacts["card"];
  /** `payment_method_details.card.fingerprint`: the same card number gives the same value. */
  cardFingerprint: string | null;
  /** `billing_details.address.country`, upper case. */
  billingCountry: string | null;
  /** Failed charges on the same PaymentIntent before this one. */
  declinesBefore: number;
  /** `payment_method_details.card.capture_before`: the uncaptured authorization expires then. */
  captureBefore: Date | null;
  /** The Radar review open on the charge (`charge.review`), if any. */
  reviewId: string | null;
}

/** A Radar review (`review` object) in the flows' words. */
export interface RadarReview {
  id: string;
  open: boolean;
  chargeId: ChargeId | null;
  paymentIntentId: PaymentIntentId | null;
  /** Why it opened: `rule` or `manual`. */
  openedReason: string;
  /** While open, `rule` or `manual`; once closed, approved, refunded, refunded_as_fraud, disputed, redacted, canceled. */
  reason: string;
  created: Date;
}

/** A Radar early fraud warning (`radar.early_fraud_warning`). */
export interface EarlyFraudWarning {
  id: string;
  chargeId: ChargeId;
  paymentIntentId: PaymentIntentId | null;
  /** card_never_received, fraudulent_card_application, made_with_counterfeit_card, made_with_lost_card, ... */
  fraudType: string;
  /** False once the charge is refunded or disputed: nothing left to act on. */
  actionable: boolean;
  created: Date;
}

export interface RadarPort {
  chargeRisk(chargeId: ChargeId): Promise<Result<ChargeRisk, StripeMissing>>;
  retrieveReview(id: string): Promise<Result<RadarReview, StripeMissing>>;
  /** Approves an open review (a reviewer approved the payment here too). An already closed review is answered as it is. */
  approveReview(id: string, idempotencyKey: string): Promise<Result<RadarReview, StripeMissing | IdempotencyMismatch>>;
  /** `review.opened` / `review.closed` payloads; throws PermanentError for an object Stripe could not have sent. */
  reviewFromEvent(event: { eventId: string; payload: unknown }): RadarReview;
  /** `radar.early_fraud_warning.created|updated` payloads; throws PermanentError likewise. */
  earlyFraudWarningFromEvent(event: { eventId: string; payload: unknown }): EarlyFraudWarning;
}
