import { z } from "zod";
import { decimalStringSchema } from "./decimal-string.js";
import {
  customerSchema,
  dateTimeSchema,
  orderSchema,
  productSchema,
  recurringPaymentSchema,
  returnRequestSchema,
  shipmentSchema,
  stockChangeSchema,
  versionSchema,
} from "./nop-entities.js";
import { orderStatusIdSchema, returnRequestStatusIdSchema } from "./nop-enums.js";

/** Every payload carries when it changed and a version (the plugin's outbox sequence) for ordering. */
const ordering = { updatedAt: dateTimeSchema, version: versionSchema };

const orderPayload = z.object({ order: orderSchema, ...ordering });
const shipmentPayload = z.object({ shipment: shipmentSchema, order: orderSchema, ...ordering });
/**
 * 1.2: who caused the change. `stripe` marks a change the sidecar wrote back from a Stripe event (reference: that
 * event's id), so the sidecar does not send it back to Stripe: no loop. Absent (1.1 plugins) means nopcommerce.
 */
export const changeOriginSchema = z.object({
  system: z.enum(["nopcommerce", "stripe"]),
  reference: z.string().nullable(),
});
export type ChangeOrigin = z.output<typeof changeOriginSchema>;
const origin = { origin: changeOriginSchema.optional() };

const customerPayload = z.object({ customer: customerSchema, ...origin, ...ordering });
const productPayload = z.object({ product: productSchema, ...ordering });
const recurringPaymentPayload = z.object({ recurringPayment: recurringPaymentSchema, ...origin, ...ordering });

/** One payload schema per event type of contract 1.x (nop-plugin-bridge/contract/schemas/events/). */
export const bridgeEventPayloadSchemas = {
  "order.placed": orderPayload,
  "order.paid": orderPayload,
  "order.status_changed": z.object({ order: orderSchema, previousOrderStatusId: orderStatusIdSchema, ...ordering }),
  "order.refunded": z.object({ order: orderSchema, amount: decimalStringSchema, ...ordering }),
  "order.voided": orderPayload,
  "shipment.sent": shipmentPayload,
  "shipment.delivered": shipmentPayload,
  "customer.registered": customerPayload,
  "customer.updated": customerPayload,
  "return_request.created": z.object({ returnRequest: returnRequestSchema, ...ordering }),
  "return_request.status_changed": z.object({
    returnRequest: returnRequestSchema,
    previousReturnRequestStatusId: returnRequestStatusIdSchema.nullable(),
    ...ordering,
  }),
  "product.created": productPayload,
  "product.updated": productPayload,
  "product.deleted": productPayload,
  "product.stock_changed": z.object({ stockChange: stockChangeSchema, ...ordering }),
  "recurring_payment.created": recurringPaymentPayload,
  "recurring_payment.cancelled": recurringPaymentPayload,
} as const;

type PayloadSchemas = typeof bridgeEventPayloadSchemas;
export type BridgeEventType = keyof PayloadSchemas;
export type BridgeEventPayload<T extends BridgeEventType> = z.output<PayloadSchemas[T]>;

/** A parsed bridge event: switch on `type` and the payload is typed. */
export type BridgeEvent = { [T in BridgeEventType]: { type: T; payload: BridgeEventPayload<T> } }[BridgeEventType];

export const bridgeEventTypes = Object.keys(bridgeEventPayloadSchemas) as BridgeEventType[];

export function isBridgeEventType(type: string): type is BridgeEventType {
  return Object.hasOwn(bridgeEventPayloadSchemas, type);
}
