import { randomUUID } from "node:crypto";
import type { FulfillmentRequest } from "./fulfillment-request-schema.js";

export type ShipmentEventType = "shipment.shipped" | "shipment.delivered";

/** The JSON body of a shipment callback; `id` equals the webhook-id header. */
export interface ShipmentNotification {
  id: string;
  type: ShipmentEventType;
  timestamp: string;
  data: {
    fulfillmentRequestId: string;
    orderReference: string;
    erpDocumentNumber: string;
    status: "shipped" | "delivered";
    carrier: string;
    trackingNumber: string;
    shippedAt: string;
    deliveredAt?: string;
    lines: { sku: string; quantity: number }[];
  };
}

export function shipmentNotification(type: ShipmentEventType, request: FulfillmentRequest): ShipmentNotification {
  const shipment = request.shipment;
  if (!shipment) throw new Error(`fulfillment request ${request.id} has no shipment yet`);
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    type,
    timestamp: new Date().toISOString(),
    data: {
      fulfillmentRequestId: request.id,
      orderReference: request.orderReference,
      erpDocumentNumber: request.erpDocumentNumber,
      status: type === "shipment.shipped" ? "shipped" : "delivered",
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      shippedAt: shipment.shippedAt,
      deliveredAt: shipment.deliveredAt,
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    },
  };
}
