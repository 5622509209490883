import { randomUUID } from "node:crypto";
import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import type Stripe from "stripe";

/** What the sidecar answered a payment call: its HTTP status and body text. */
export interface PaymentCallAnswer {
  status: number;
  text: string;
}

/**
 * One of the plugin's payment calls as SidecarClient.PaymentCallAsync makes it: POST
 * {sidecar}/bridge/payments/<operation>, JSON body, signed with the bridge (event) secret, `webhook-id` the
 * request id that makes it idempotent on the sidecar.
 */
export async function pluginPaymentCall(
  call: { sidecarUrl: string; bridgeSecret: string; nowMs?: number },
  operation: string,
  requestId: string,
  request: unknown,
): Promise<PaymentCallAnswer> {
  const body = JSON.stringify(request);
  const response = await httpFetch(`${call.sidecarUrl}/bridge/payments/${operation}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...signWebhook(call.bridgeSecret, requestId, body, call.nowMs ?? Date.now()),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * The two halves of a checkout the sandbox plays: the nopCommerce plugin asking the sidecar (signed with the
 * bridge secret) for an order's PaymentIntent, and Stripe's Payment Element confirming it in the browser.
 */
export async function requestOrderIntent(sidecarUrl: string, bridgeSecret: string, orderId: number): Promise<string> {
  const response = await pluginPaymentCall({ sidecarUrl, bridgeSecret }, "order-intent", randomUUID(), { orderId });
  const answer = JSON.parse(response.text) as { paymentIntentId?: string };
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
