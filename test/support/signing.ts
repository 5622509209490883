import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";

export const stripeSecret = "whsec_test_current_secret_0001";
export const stripeOldSecret = "whsec_test_previous_secret_0002";
export const bridgeSecret = `whsec_${randomBytes(32).toString("base64")}`;

/** A Stripe event as Stripe sends it (payment_intent.succeeded by default). */
export function stripeEvent(
  overrides: { id?: string; type?: string; created?: number; object?: Record<string, unknown> } = {},
) {
  return {
    id: overrides.id ?? `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-09-30.clover",
    created: overrides.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${randomBytes(7).toString("hex")}`, idempotency_key: randomUUID() },
    type: overrides.type ?? "payment_intent.succeeded",
    data: {
      object: overrides.object ?? {
        id: `pi_${randomBytes(12).toString("hex")}`,
        object: "payment_intent",
        amount: 1999,
        currency: "usd",
      },
    },
  };
}

export function stripeSignature(
  body: string,
  { secret = stripeSecret, timestamp = Math.floor(Date.now() / 1000) } = {},
) {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
}

/** A bridge envelope as the nopCommerce plugin sends it. */
export function bridgeEnvelope(
  overrides: Partial<{ id: string; type: string; contractVersion: string; payload: Record<string, unknown> }> = {},
) {
  return {
    id: overrides.id ?? randomUUID(),
    type: overrides.type ?? "order.placed",
    occurredAt: new Date().toISOString(),
    storeId: 1,
    contractVersion: overrides.contractVersion ?? "1.0",
    payload: overrides.payload ?? { orderId: 42, orderGuid: randomUUID(), orderTotal: "19.99", currencyCode: "USD" },
  };
}

export function bridgeHeaders(id: string, body: string, { secret = bridgeSecret, timestamp = new Date() } = {}) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, timestamp, body),
  };
}
