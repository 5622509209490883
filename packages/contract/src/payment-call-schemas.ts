import { z } from "zod";
import { decimalStringSchema } from "./decimal-string.js";

/*
 * The payment method's calls, plugin -> sidecar: POST {sidecar}/bridge/payments/<operation>, signed with the event
 * secret; `webhook-id` is the plugin's request id, which makes each call idempotent on the sidecar. Amounts are
 * decimal strings in the order's currency, as nopCommerce holds them (CONTRACT.md, "Payment calls").
 */

const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID");
const int32 = 2147483647;
const entityId = z.number().int().positive().max(int32);
const storeId = z.number().int().nonnegative().max(int32);

export const paymentCallSchemas = {
  createIntent: {
    request: z.object({
      customerId: entityId,
      customerGuid: guid,
      email: z.string().nullable().optional(),
      storeId,
      amount: decimalStringSchema,
      currencyCode: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code"),
      /** 1.3, optional: the cart holds a recurring product, so its card is saved for the later cycles. */
      recurring: z.boolean().optional(),
    }),
    response: z.object({ paymentIntentId: z.string(), clientSecret: z.string() }),
  },
  attachOrder: {
    request: z.object({
      paymentIntentId: z.string().min(1).max(255),
      orderGuid: guid,
      customerId: entityId,
      storeId,
      orderTotal: decimalStringSchema,
    }),
    response: z.object({}),
  },
  orderIntent: {
    request: z.object({ orderId: entityId }),
    response: z.object({
      paymentIntentId: z.string(),
      clientSecret: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      captureMethod: z.string(),
    }),
  },
  /** Admin "Capture" of an authorized order: the PaymentIntent captured in full. */
  capture: {
    request: z.object({ orderGuid: guid }),
    response: z.object({ captureTransactionId: z.string(), status: z.string() }),
  },
  /**
   * Admin "Refund" / "Partial refund": one Stripe refund of `amount`. The answer's `refundId` is recorded on the
   * order by the plugin, so the sidecar's later `recordRefund` for it answers `alreadyApplied`.
   */
  refund: {
    request: z.object({ orderGuid: guid, amount: decimalStringSchema, isPartialRefund: z.boolean() }),
    response: z.object({ refundId: z.string(), status: z.string() }),
  },
  /** Admin "Void" of an authorized, uncaptured order: the PaymentIntent cancelled. */
  void: { request: z.object({ orderGuid: guid }), response: z.object({}) },
} as const;

type Schemas = typeof paymentCallSchemas;
export type PaymentCall = keyof Schemas;
export type PaymentCallRequest<C extends PaymentCall> = z.output<Schemas[C]["request"]>;
export type PaymentCallResponse<C extends PaymentCall> = z.output<Schemas[C]["response"]>;

/** The path of each call under the sidecar's base URL. */
export const paymentCallPaths: Record<PaymentCall, string> = {
  createIntent: "/bridge/payments/create-intent",
  attachOrder: "/bridge/payments/attach-order",
  orderIntent: "/bridge/payments/order-intent",
  capture: "/bridge/payments/capture",
  refund: "/bridge/payments/refund",
  void: "/bridge/payments/void",
};

/**
 * Why a payment call was not answered 200 (flow-kit/signed-call-route.ts): 401 bad_signature / stale_timestamp,
 * 400 bad_json, 422 bad_shape (the body breaks the request schema) or refused (not to be retried), 503 unavailable
 * (retry with the same request id).
 */
export const paymentCallErrorReasons = [
  "bad_signature",
  "stale_timestamp",
  "bad_json",
  "bad_shape",
  "refused",
  "unavailable",
] as const;
export type PaymentCallErrorReason = (typeof paymentCallErrorReasons)[number];

export const paymentCallErrorSchema = z.object({
  error: z.object({ reason: z.enum(paymentCallErrorReasons), message: z.string() }),
});
export type PaymentCallErrorBody = z.output<typeof paymentCallErrorSchema>;
