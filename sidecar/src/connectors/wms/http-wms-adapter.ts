import { WmsRejected } from "../../ports/connector-errors.js";
// The HTTP client and errors are shared by every JSON connector; they live beside the ERP adapter for now.
import { type HttpConnectorOptions, JsonHttpClient, nullIfNotFound } from "../erp/json-http-client.js";
import type { WmsPort } from "./wms-port.js";
import { type FulfillmentRequestDraft, fulfillmentRequestSchema, type WmsFulfillmentRequest } from "./wms-types.js";

/** The warehouse over its JSON HTTP API (the sandbox WMS simulator speaks the same contract). */
export class HttpWmsAdapter implements WmsPort {
  private readonly http: JsonHttpClient;

  constructor(options: HttpConnectorOptions) {
    this.http = new JsonHttpClient("wms", options, (rejection) => new WmsRejected(rejection));
  }

  createFulfillmentRequest(request: FulfillmentRequestDraft, idempotencyKey: string): Promise<WmsFulfillmentRequest> {
    return this.http.send({
      method: "POST",
      path: "/fulfillment-requests",
      body: request,
      idempotencyKey,
      response: fulfillmentRequestSchema,
    });
  }

  getFulfillmentRequest(id: string): Promise<WmsFulfillmentRequest | null> {
    return nullIfNotFound(
      this.http.send({
        method: "GET",
        path: `/fulfillment-requests/${encodeURIComponent(id)}`,
        response: fulfillmentRequestSchema,
      }),
    );
  }
}
