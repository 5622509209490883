import type { Decline, PaymentEventFacts, StripeEventsPort } from "../../ports/stripe.js";
import { parseEventObject } from "./stripe-objects.js";

/** Stripe's payment webhooks in the flows' words: parsed once, here, with a schema. */
export const stripeEvents: StripeEventsPort = {
  paymentEvent({ eventId, type, payload }): PaymentEventFacts {
    const parsed = parseEventObject(eventId, (payload as { data?: unknown } | null)?.data);
    if (parsed.object === "payment_intent") {
      const { intent } = parsed;
      const error = intent.lastPaymentError;
      // Only the failure events themselves describe a decline; the charge id ties both events of one decline.
      const declines: Decline[] =
        type === "payment_intent.payment_failed" && error
          ? [
              {
                id: error.chargeId ?? `auth:${eventId}`,
                code: error.code,
                declineCode: error.declineCode,
                message: error.message,
              },
            ]
          : [];
      return { type, paymentIntentId: intent.id, snapshot: intent, declines };
    }
    const declines: Decline[] =
      type === "charge.failed"
        ? [
            {
              id: parsed.id,
              code: parsed.failure_code ?? null,
              declineCode: parsed.outcome?.reason ?? null,
              message: parsed.failure_message ?? "The payment failed.",
            },
          ]
        : [];
    return { type, paymentIntentId: parsed.payment_intent, snapshot: null, declines };
  },
};
