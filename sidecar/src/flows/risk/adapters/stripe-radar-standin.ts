import type Stripe from "stripe";
import { z } from "zod";
import { callStripe } from "../../../connectors/stripe/stripe-failures.js";
import type { ChargeId, PaymentIntentId } from "../../../domain/ids.js";
import { ok } from "../../../domain/result.js";
import type { CardCheck, RiskFacts, ThreeDSecureResult } from "../../../domain/risk/risk-facts.js";
import { PermanentError } from "../../../jobs/permanent-error.js";
import type { ChargeRisk, EarlyFraudWarning, RadarPort, RadarReview } from "../../../ports/stripe-radar.js";

// A stand-in for the emulator-radar slice's `connectors/stripe/radar-api.ts`, so this branch runs end to end;
// register-flows.ts takes that adapter instead once it is merged. Reads the charge through the official client.

const ref = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((r) => (r == null ? null : typeof r === "string" ? r : r.id));

const reviewSchema = z.looseObject({
  id: z.string(),
  open: z.boolean(),
  charge: ref,
  payment_intent: ref,
  opened_reason: z.string(),
  reason: z.string(),
  created: z.number(),
});

const warningSchema = z.looseObject({
  id: z.string(),
  charge: ref,
  payment_intent: ref,
  fraud_type: z.string(),
  actionable: z.boolean(),
  created: z.number(),
});

const levels = ["normal", "elevated", "highest", "not_assessed", "unknown"] as const;
const level = (value: unknown): RiskFacts["radar"]["riskLevel"] =>
  (levels as readonly unknown[]).includes(value) ? (value as RiskFacts["radar"]["riskLevel"]) : null;
const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);

function objectOf<T>(schema: z.ZodType<T>, event: { eventId: string; payload: unknown }): T {
  const parsed = schema.safeParse((event.payload as { data?: { object?: unknown } } | null)?.data?.object);
  if (parsed.success) return parsed.data;
  throw new PermanentError(`event ${event.eventId}: not an object Stripe could have sent`, {
    code: "stripe_object_invalid",
    system: "stripe",
    field: parsed.error.issues[0]?.path.join("."),
  });
}

function reviewOf(review: z.output<typeof reviewSchema>): RadarReview {
  return {
    id: review.id,
    open: review.open,
    chargeId: review.charge as ChargeId | null,
    paymentIntentId: review.payment_intent as PaymentIntentId | null,
    openedReason: review.opened_reason,
    reason: review.reason,
    created: new Date(review.created * 1000),
  };
}

export class StripeRadarStandIn implements RadarPort {
  constructor(private readonly stripe: Pick<Stripe, "charges" | "reviews">) {}

  async chargeRisk(chargeId: ChargeId) {
    const result = await callStripe(["missing"], () => this.stripe.charges.retrieve(chargeId));
    if (!result.ok) return result;
    const charge = result.value;
    const card = charge.payment_method_details?.card;
    const intent =
      typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    const failed = intent
      ? await callStripe([], () => this.stripe.charges.list({ payment_intent: intent, limit: 100 }))
      : null;
    const declinesBefore = failed?.ok ? failed.value.data.filter((c) => c.status === "failed").length : 0;
    const captureBefore = (card as { capture_before?: number } | undefined)?.capture_before;
    const risk: ChargeRisk = {
      chargeId,
      paymentIntentId: intent as PaymentIntentId | null,
      radar: {
        riskLevel: level(charge.outcome?.risk_level),
        riskScore: charge.outcome?.risk_score ?? null,
        rule: typeof charge.outcome?.rule === "string" ? charge.outcome.rule : (charge.outcome?.rule?.id ?? null),
      },
      card: card
        ? {
            cvcCheck: (card.checks?.cvc_check ?? null) as CardCheck,
            addressLine1Check: (card.checks?.address_line1_check ?? null) as CardCheck,
            postalCodeCheck: (card.checks?.address_postal_code_check ?? null) as CardCheck,
            threeDSecure: ((card.three_d_secure as { result?: string } | null)?.result ?? null) as ThreeDSecureResult,
            country: upper(card.country),
            funding: (card.funding ?? null) as NonNullable<RiskFacts["card"]>["funding"],
          }
        : null,
      cardFingerprint: card?.fingerprint ?? null,
      billingCountry: upper(charge.billing_details?.address?.country),
      declinesBefore,
      captureBefore: captureBefore ? new Date(captureBefore * 1000) : null,
      reviewId: typeof charge.review === "string" ? charge.review : (charge.review?.id ?? null),
    };
    return ok(risk);
  }

  async retrieveReview(id: string) {
    const result = await callStripe(["missing"], () => this.stripe.reviews.retrieve(id));
    return result.ok ? ok(reviewOf(reviewSchema.parse(result.value))) : result;
  }

  async approveReview(id: string, idempotencyKey: string) {
    const result = await callStripe(["missing", "idempotency_mismatch"], () =>
      this.stripe.reviews.approve(id, {}, { idempotencyKey }),
    );
    return result.ok ? ok(reviewOf(reviewSchema.parse(result.value))) : result;
  }

  reviewFromEvent(event: { eventId: string; payload: unknown }): RadarReview {
    return reviewOf(objectOf(reviewSchema, event));
  }

  earlyFraudWarningFromEvent(event: { eventId: string; payload: unknown }): EarlyFraudWarning {
    const warning = objectOf(warningSchema, event);
    if (!warning.charge)
      throw new PermanentError(`event ${event.eventId}: an early fraud warning without its charge`, {
        code: "stripe_object_invalid",
        system: "stripe",
        field: "data.object.charge",
      });
    return {
      id: warning.id,
      chargeId: warning.charge as ChargeId,
      paymentIntentId: warning.payment_intent as PaymentIntentId | null,
      fraudType: warning.fraud_type,
      actionable: warning.actionable,
      created: new Date(warning.created * 1000),
    };
  }
}
