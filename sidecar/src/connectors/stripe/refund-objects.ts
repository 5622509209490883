import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { z } from "zod";
import { chargeIdSchema, orderGuidSchema, paymentIntentIdSchema, refundIdSchema } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { RefundEventFacts, RefundEventsPort, RefundSnapshot } from "../../ports/stripe-refunds.js";
import { minorUnits, reference } from "./stripe-objects.js";

const refundSchema = z.looseObject({
  object: z.literal("refund"),
  id: refundIdSchema,
  status: z.string().nullish(),
  amount: minorUnits,
  currency: z.string().regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 code"),
  charge: reference.pipe(chargeIdSchema.nullable()),
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  failure_reason: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  created: z.number().int(),
});

const chargeSchema = z.looseObject({ object: z.literal("charge"), id: chargeIdSchema });

function snapshotOf(refund: z.output<typeof refundSchema>): RefundSnapshot {
  const guid = orderGuidSchema.safeParse(refund.metadata?.nop_order_guid);
  return {
    id: refund.id,
    status: refund.status ?? "pending",
    amount: money(refund.amount, refund.currency),
    chargeId: refund.charge,
    paymentIntentId: refund.payment_intent,
    failureReason: refund.failure_reason ?? null,
    requestKey: refund.metadata?.sidecar_refund ?? null,
    orderGuid: guid.success ? guid.data : null,
    created: new Date(refund.created * 1000),
  };
}

/** A refund from Stripe's API, or a PermanentError naming what Stripe could not have sent. */
export function parseRefund(refund: unknown, where = "refund from Stripe's API"): RefundSnapshot {
  const parsed = refundSchema.safeParse(refund);
  if (parsed.success) return snapshotOf(parsed.data);
  throw new PermanentError(`${where}: ${describeZodError(parsed.error)}`, {
    code: "stripe_object_invalid",
    system: "stripe",
    suggestion: "Stripe does not send such a refund: find who signed it (a test tool, a forged event)",
  });
}

/** What a refund webhook carries: a refund (refund.*, charge.refund.updated) or a charge (charge.refunded). */
export function refundEventFacts(eventId: string, payload: unknown): RefundEventFacts {
  const object = (payload as { data?: { object?: { object?: unknown } } } | null)?.data?.object;
  if (object?.object === "charge") {
    const charge = chargeSchema.safeParse(object);
    if (charge.success) return { kind: "charge", chargeId: charge.data.id };
  }
  return { kind: "refund", refund: parseRefund(object, `Stripe event ${eventId}: data.object`) };
}

/** RefundEventsPort: Stripe's refund webhooks in the flows' words. */
export const stripeRefundEvents: RefundEventsPort = {
  refundEvent: ({ eventId, payload }) => refundEventFacts(eventId, payload),
};
