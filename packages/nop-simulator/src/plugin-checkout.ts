import { randomUUID } from "node:crypto";
import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import type Stripe from "stripe";

/**
 * The two halves of a checkout the sandbox plays: the nopCommerce plugin asking the sidecar (signed with the
 * bridge secret) for an order's PaymentIntent, and Stripe's Payment Element confirming it in the browser.
 */
export async function requestOrderIntent(sidecarUrl: string, bridgeSecret: string, orderId: number): Promise<string> {
  const body = JSON.stringify({ orderId });
  const id = randomUUID();
  const response = await httpFetch(`${sidecarUrl}/bridge/payments/order-intent`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signWebhook(bridgeSecret, id, body, Date.now()),
    },
    body,
  });
  const answer = JSON.parse(await response.text()) as { paymentIntentId?: string };
  if (!answer.paymentIntentId)
    throw new Error(`the sidecar did not create a PaymentIntent: ${response.status} ${JSON.stringify(answer)}`);
  return answer.paymentIntentId;
}

/** A decline is an answer, not a failure: the PaymentIntent comes back with its last_payment_error. */
export function confirmInBrowser(stripe: Stripe, paymentIntentId: string, paymentMethod: string) {
  return stripe.paymentIntents
    .confirm(paymentIntentId, { payment_method: paymentMethod })
    .catch((err: Stripe.errors.StripeError) => {
      if (err.payment_intent) return err.payment_intent as Stripe.PaymentIntent;
      throw err;
    });
}
