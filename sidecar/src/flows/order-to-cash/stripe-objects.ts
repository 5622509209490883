import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { z } from "zod";
import { PermanentError } from "../../jobs/permanent-error.js";

// The fields of Stripe's objects this flow reads, checked before anything is stored. The webhook route stores
// every genuinely signed event as sent (refusing one there would make Stripe redeliver it for days); an object
// Stripe could not have sent is refused here, as a permanent failure naming the field, not retried.

/** Minor units: whole, not negative, exact in JavaScript (and so within PostgreSQL's bigint). */
const minorUnits = z
  .number()
  .min(0, "must not be negative")
  .max(Number.MAX_SAFE_INTEGER, "is larger than any amount Stripe can hold")
  .refine(Number.isInteger, "must be a whole number of minor units");

/** An expandable reference: the id, or the expanded object with its id. */
const reference = z.union([z.string(), z.looseObject({ id: z.string() })]).nullish();

export const paymentIntentSchema = z.looseObject({
  object: z.literal("payment_intent"),
  id: z.string().min(1),
  // Unknown statuses are let through: the flow ignores them (a status added by a newer API version).
  status: z.string(),
  capture_method: z.string(),
  currency: z.string().regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 code"),
  amount: minorUnits,
  amount_capturable: minorUnits,
  amount_received: minorUnits,
  latest_charge: reference,
  metadata: z.record(z.string(), z.string()).nullish(),
  last_payment_error: z
    .looseObject({
      charge: reference,
      code: z.string().nullish(),
      decline_code: z.string().nullish(),
      message: z.string().nullish(),
    })
    .nullish(),
});
export type PaymentIntentObject = z.infer<typeof paymentIntentSchema>;

export const chargeSchema = z.looseObject({
  object: z.literal("charge"),
  id: z.string().min(1),
  payment_intent: reference,
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
  outcome: z.looseObject({ reason: z.string().nullish() }).nullish(),
});
export type ChargeObject = z.infer<typeof chargeSchema>;

const eventObjectSchema = z.discriminatedUnion("object", [paymentIntentSchema, chargeSchema]);

const notFromStripe =
  "Stripe does not send such an object: find who signed it with the endpoint secret (a test tool, a forged " +
  "event). Replaying fails the same way; close the dead letter once understood.";

/** The object a payment event carries, or a PermanentError naming the fields Stripe could not have sent. */
export function parseEventObject(eventId: string, data: unknown): PaymentIntentObject | ChargeObject {
  const parsed = eventObjectSchema.safeParse((data as { object?: unknown } | null)?.object);
  if (parsed.success) return parsed.data;
  throw new PermanentError(`Stripe event ${eventId}: ${describeZodError(parsed.error, "data.object")}`, notFromStripe);
}

/** A PaymentIntent as Stripe's API returned it, or a PermanentError naming what is wrong with it. */
export function parsePaymentIntent(intent: unknown): PaymentIntentObject {
  const parsed = paymentIntentSchema.safeParse(intent);
  if (parsed.success) return parsed.data;
  throw new PermanentError(
    `PaymentIntent from Stripe's API: ${describeZodError(parsed.error)}`,
    "check STRIPE_API_BASE points at Stripe; replaying fails the same way while it answers this",
  );
}
