import type { FulfillmentRequestDraft, WmsFulfillmentRequest } from "./wms-types.js";

/**
 * What the flows need from the warehouse. Failures are typed: WmsRejected (transient false) when the WMS
 * refuses the request, ConnectorUnavailable (transient true) when it cannot be reached.
 * Shipments come back asynchronously as signed callbacks: see shipment-callback-verifier.ts.
 */
export interface WmsPort {
  /** Same key and same request: the same fulfillment request, never a second one. */
  createFulfillmentRequest(request: FulfillmentRequestDraft, idempotencyKey: string): Promise<WmsFulfillmentRequest>;
  /** Null when the WMS has no such request. */
  getFulfillmentRequest(id: string): Promise<WmsFulfillmentRequest | null>;
}
