import type { Result } from "../../domain/result.js";
import type { FulfillmentClosed, FulfillmentRequestDraft, WmsFulfillmentRequest } from "./wms-types.js";

/** A hold, release or cancellation: the request after it, or why the WMS cannot (it shipped, or is cancelled). */
export type FulfillmentChange = Promise<Result<WmsFulfillmentRequest, FulfillmentClosed>>;

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
  /** Stops a request from shipping until released (a payment dispute, say); holding twice is a no-op. */
  holdFulfillmentRequest(id: string, reason: string, idempotencyKey: string): FulfillmentChange;
  releaseFulfillmentRequest(id: string, idempotencyKey: string): FulfillmentChange;
  /** Cancels a request that has not shipped, for good. */
  cancelFulfillmentRequest(id: string, reason: string, idempotencyKey: string): FulfillmentChange;
}
