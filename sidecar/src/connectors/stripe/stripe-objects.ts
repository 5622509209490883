import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { z } from "zod";
import { chargeIdSchema, orderGuidSchema, paymentIntentIdSchema } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { PaymentIntentSnapshot } from "../../ports/stripe.js";

// The fields of Stripe's objects the flows read, checked where they enter (an event or an API answer) and turned
// into the flows' types. The webhook route stores every genuinely signed event as sent (refusing one there would
// make Stripe redeliver it for days); an object Stripe could not have sent is refused here, as a permanent
// failure naming the field, not retried.

/** Minor units: whole, not negative, exact in JavaScript (and so within PostgreSQL's bigint). */
export const minorUnits = z
  .number()
  .min(0, "must not be negative")
  .max(Number.MAX_SAFE_INTEGER, "is larger than any amount Stripe can hold")
  .refine(Number.isInteger, "must be a whole number of minor units");

/** An expandable reference, as its id: the id itself, or the expanded object's. */
export const reference = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((ref) => (ref == null ? null : typeof ref === "string" ? ref : ref.id));

const paymentIntentSchema = z.looseObject({
  object: z.literal("payment_intent"),
  id: paymentIntentIdSchema,
  // Unknown statuses are let through: the flow ignores them (a status added by a newer API version).
  status: z.string(),
  capture_method: z.string(),
  currency: z.string().regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 code"),
  amount: minorUnits,
  amount_capturable: minorUnits,
  amount_received: minorUnits,
  latest_charge: reference.pipe(chargeIdSchema.nullable()),
  client_secret: z.string().nullish(),
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

const chargeSchema = z.looseObject({
  object: z.literal("charge"),
  id: chargeIdSchema,
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
  outcome: z.looseObject({ reason: z.string().nullish() }).nullish(),
});
export type ChargeObject = z.output<typeof chargeSchema>;

const eventObjectSchema = z.discriminatedUnion("object", [paymentIntentSchema, chargeSchema]);

/** A PaymentIntent in the flows' words. */
function snapshotOf(intent: z.output<typeof paymentIntentSchema>): PaymentIntentSnapshot {
  const error = intent.last_payment_error;
  const guid = orderGuidSchema.safeParse(intent.metadata?.nop_order_guid);
  return {
    id: intent.id,
    status: intent.status,
    captureMethod: intent.capture_method,
    amount: money(intent.amount, intent.currency),
    amountCapturable: money(intent.amount_capturable, intent.currency),
    amountReceived: money(intent.amount_received, intent.currency),
    latestChargeId: intent.latest_charge,
    orderGuid: guid.success ? guid.data : null,
    lastPaymentError: error
      ? {
          chargeId: error.charge,
          code: error.code ?? null,
          declineCode: error.decline_code ?? null,
          message: error.message ?? "The payment failed.",
        }
      : null,
    clientSecret: intent.client_secret ?? null,
  };
}

const notFromStripe =
  "Stripe does not send such an object: find who signed it with the endpoint secret (a test tool, a forged " +
  "event). Replaying fails the same way; close the dead letter once understood.";

/** The problem's structure from zod's first issue: the field and the value found there. */
function invalid(error: z.ZodError, prefix: string, root: unknown) {
  const path = error.issues[0]?.path ?? [];
  const value = path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown> | null)?.[p as PropertyKey], root);
  return {
    code: "stripe_object_invalid",
    system: "stripe",
    field: [prefix, ...path.map(String)].filter(Boolean).join("."),
    value,
  };
}

/** The object a payment event carries, or a PermanentError naming the fields Stripe could not have sent. */
export function parseEventObject(
  eventId: string,
  data: unknown,
): { object: "payment_intent"; intent: PaymentIntentSnapshot } | ChargeObject {
  const object = (data as { object?: unknown } | null)?.object;
  const parsed = eventObjectSchema.safeParse(object);
  if (!parsed.success)
    throw new PermanentError(`Stripe event ${eventId}: ${describeZodError(parsed.error, "data.object")}`, {
      ...invalid(parsed.error, "data.object", object),
      suggestion: notFromStripe,
    });
  return parsed.data.object === "payment_intent"
    ? { object: "payment_intent", intent: snapshotOf(parsed.data) }
    : parsed.data;
}

/** A PaymentIntent as Stripe's API returned it, or a PermanentError naming what is wrong with it. */
export function parsePaymentIntent(intent: unknown): PaymentIntentSnapshot {
  const parsed = paymentIntentSchema.safeParse(intent);
  if (parsed.success) return snapshotOf(parsed.data);
  throw new PermanentError(`PaymentIntent from Stripe's API: ${describeZodError(parsed.error)}`, {
    ...invalid(parsed.error, "", intent),
    suggestion: "check STRIPE_API_BASE points at Stripe; replaying fails the same way while it answers this",
  });
}
