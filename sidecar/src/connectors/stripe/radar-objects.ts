import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { z } from "zod";
import { chargeIdSchema, paymentIntentIdSchema } from "../../domain/ids.js";
import type { CardCheck, ThreeDSecureResult } from "../../domain/risk/risk-facts.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { ChargeRisk, EarlyFraudWarning, RadarReview } from "../../ports/stripe-radar.js";
import { reference } from "./stripe-objects.js";

// The Radar fields of Stripe's charge, review and early fraud warning objects, checked where they enter (an API
// answer or an event) and turned into the risk flow's types. Values Stripe may add later (a new check result, a
// new risk level) are let through as "unknown"/null rather than refused: the score reads them as missing.

const timestamp = z.number().int();
const upperCountry = z
  .string()
  .nullish()
  .transform((country) => (country ? country.toUpperCase() : null));

const CHECKS: readonly CardCheck[] = ["pass", "fail", "unavailable", "unchecked"];
const THREE_DS: readonly ThreeDSecureResult[] = [
  "authenticated",
  "attempt_acknowledged",
  "exempted",
  "failed",
  "not_supported",
  "processing_error",
];
const RISK_LEVELS = ["normal", "elevated", "highest", "not_assessed", "unknown"] as const;
const FUNDING = ["credit", "debit", "prepaid", "unknown"] as const;

/** One of `known`, "unknown" (or null) for any other string, null when absent. */
const oneOf = <T extends string>(known: readonly (T | null)[], other: T | null) =>
  z
    .string()
    .nullish()
    .transform((value): T | null => (value == null ? null : known.includes(value as T) ? (value as T) : other));

const cardSchema = z.looseObject({
  checks: z
    .looseObject({
      address_line1_check: oneOf(CHECKS, null),
      address_postal_code_check: oneOf(CHECKS, null),
      cvc_check: oneOf(CHECKS, null),
    })
    .nullish(),
  country: upperCountry,
  funding: oneOf(FUNDING, "unknown"),
  fingerprint: z.string().nullish(),
  capture_before: timestamp.nullish(),
  three_d_secure: z.looseObject({ result: oneOf(THREE_DS, null) }).nullish(),
});

export const chargeRiskSchema = z.looseObject({
  object: z.literal("charge"),
  id: chargeIdSchema,
  created: timestamp,
  status: z.string(),
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  review: reference,
  outcome: z
    .looseObject({
      risk_level: oneOf(RISK_LEVELS, "unknown"),
      risk_score: z.number().nullish(),
      rule: reference,
    })
    .nullish(),
  billing_details: z.looseObject({ address: z.looseObject({ country: upperCountry }).nullish() }).nullish(),
  payment_method_details: z.looseObject({ card: cardSchema.nullish() }).nullish(),
});
export type ChargeRiskObject = z.output<typeof chargeRiskSchema>;

const reviewSchema = z.looseObject({
  object: z.literal("review"),
  id: z.string().regex(/^prv_[A-Za-z0-9_]+$/, "must be a Stripe review id (prv_…)"),
  open: z.boolean(),
  charge: reference.pipe(chargeIdSchema.nullable()),
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  opened_reason: z.string(),
  reason: z.string(),
  created: timestamp,
});

const earlyFraudWarningSchema = z.looseObject({
  object: z.literal("radar.early_fraud_warning"),
  id: z.string().regex(/^issfr_[A-Za-z0-9_]+$/, "must be a Stripe early fraud warning id (issfr_…)"),
  charge: reference.pipe(chargeIdSchema),
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  fraud_type: z.string(),
  actionable: z.boolean(),
  created: timestamp,
});

/** `object` checked against `schema`, or a PermanentError naming what Stripe could not have sent. */
function parseObject<S extends z.ZodType>(schema: S, object: unknown, where: string, kind: string): z.output<S> {
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  throw new PermanentError(`${where}: ${describeZodError(parsed.error, kind)}`, {
    code: "stripe_object_invalid",
    system: "stripe",
    value: object,
    suggestion: `Stripe could not have sent this ${kind}: check the sender, or STRIPE_API_BASE`,
  });
}

export function parseChargeRisk(object: unknown, where: string): ChargeRiskObject {
  return parseObject(chargeRiskSchema, object, where, "charge");
}

/** The charge's risk in the flows' words; `declinesBefore` is counted by the caller (it takes another call). */
export function chargeRiskOf(charge: ChargeRiskObject, declinesBefore: number): ChargeRisk {
  const card = charge.payment_method_details?.card ?? null;
  const outcome = charge.outcome;
  return {
    chargeId: charge.id,
    paymentIntentId: charge.payment_intent,
    radar: {
      riskLevel: outcome?.risk_level ?? null,
      riskScore: outcome?.risk_score ?? null,
      rule: outcome?.rule ?? null,
    },
    card: card && {
      cvcCheck: card.checks?.cvc_check ?? null,
      addressLine1Check: card.checks?.address_line1_check ?? null,
      postalCodeCheck: card.checks?.address_postal_code_check ?? null,
      threeDSecure: card.three_d_secure?.result ?? null,
      country: card.country,
      funding: card.funding,
    },
    cardFingerprint: card?.fingerprint ?? null,
    billingCountry: charge.billing_details?.address?.country ?? null,
    declinesBefore,
    captureBefore: card?.capture_before == null ? null : new Date(card.capture_before * 1000),
    reviewId: charge.review,
  };
}

export function parseReview(object: unknown, where: string): RadarReview {
  const review = parseObject(reviewSchema, object, where, "review");
  return {
    id: review.id,
    open: review.open,
    chargeId: review.charge,
    paymentIntentId: review.payment_intent,
    openedReason: review.opened_reason,
    reason: review.reason,
    created: new Date(review.created * 1000),
  };
}

export function parseEarlyFraudWarning(object: unknown, where: string): EarlyFraudWarning {
  const warning = parseObject(earlyFraudWarningSchema, object, where, "early fraud warning");
  return {
    id: warning.id,
    chargeId: warning.charge,
    paymentIntentId: warning.payment_intent,
    fraudType: warning.fraud_type,
    actionable: warning.actionable,
    created: new Date(warning.created * 1000),
  };
}
