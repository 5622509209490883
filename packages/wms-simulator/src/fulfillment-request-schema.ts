import { addressSchema } from "@nop-stripe/simulator-support/address-schema.js";
import { z } from "zod";

/** POST /fulfillment-requests: what the warehouse needs to pick, pack and ship an order. */
export const fulfillmentRequestSchema = z.object({
  /** The shop's order reference (nopCommerce order GUID or id). */
  orderReference: z.string().min(1),
  erpDocumentNumber: z.string().min(1),
  shipTo: addressSchema,
  lines: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), name: z.string().optional() }))
    .min(1),
  /** Where shipment notifications are POSTed, signed by the Standard Webhooks scheme. */
  callbackUrl: z.url({ protocol: /^https?$/ }),
});

export type FulfillmentRequestInput = z.output<typeof fulfillmentRequestSchema>;

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt?: string;
}

export interface FulfillmentRequest extends FulfillmentRequestInput {
  id: string;
  /** on_hold: accepted, but not to be shipped until released; cancelled: never shipped, final. */
  status: "accepted" | "on_hold" | "shipped" | "delivered" | "cancelled";
  createdAt: string;
  shipment?: Shipment;
  /** Why the request is held (a payment dispute, say), while it is. */
  hold?: { reason: string; since: string };
}

/** POST /fulfillment-requests/:id/hold and /cancel. */
export const holdSchema = z.object({ reason: z.string().min(1).max(500) });
