import { z } from "zod";
import { postalAddressSchema } from "../erp/postal-address-schema.js";

export const shipToSchema = postalAddressSchema;

/** What the flow sends once the ERP has accepted the order. */
export const fulfillmentRequestDraftSchema = z.object({
  /** nopCommerce order GUID (or id). */
  orderReference: z.string(),
  erpDocumentNumber: z.string(),
  shipTo: shipToSchema,
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), name: z.string().optional() })),
  /** The sidecar's endpoint for signed shipment notifications. */
  callbackUrl: z.string(),
});

export const shipmentSchema = z.object({
  carrier: z.string(),
  trackingNumber: z.string(),
  shippedAt: z.string(),
  deliveredAt: z.string().optional(),
});

export const fulfillmentRequestSchema = fulfillmentRequestDraftSchema.extend({
  id: z.string().min(1),
  status: z.enum(["accepted", "on_hold", "shipped", "delivered", "cancelled"]),
  createdAt: z.string(),
  shipment: shipmentSchema.optional(),
  hold: z.object({ reason: z.string(), since: z.string() }).optional(),
});

/** Why the WMS would not hold, release or cancel a request: it has left the warehouse, or it is cancelled. */
export interface FulfillmentClosed {
  kind: "already_shipped" | "cancelled";
  message: string;
}

export type ShipTo = z.infer<typeof shipToSchema>;
export type FulfillmentRequestDraft = z.infer<typeof fulfillmentRequestDraftSchema>;
export type WmsShipment = z.infer<typeof shipmentSchema>;
export type WmsFulfillmentRequest = z.infer<typeof fulfillmentRequestSchema>;
