import { z } from "zod";

/** The body of a WMS shipment callback; `id` equals the webhook-id header and is stable across retries. */
export const shipmentNotificationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(["shipment.shipped", "shipment.delivered"]),
  timestamp: z.string(),
  data: z.object({
    fulfillmentRequestId: z.string().min(1),
    orderReference: z.string().min(1),
    erpDocumentNumber: z.string(),
    status: z.enum(["shipped", "delivered"]),
    carrier: z.string().min(1),
    trackingNumber: z.string().min(1),
    shippedAt: z.string(),
    deliveredAt: z.string().optional(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  }),
});

export type ShipmentNotification = z.infer<typeof shipmentNotificationSchema>;
