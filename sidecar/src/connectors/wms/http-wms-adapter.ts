import { err, ok } from "../../domain/result.js";
import { ConnectorRejected, WmsRejected } from "../../ports/connector-errors.js";
// The HTTP client and errors are shared by every JSON connector; they live beside the ERP adapter for now.
import { type HttpConnectorOptions, JsonHttpClient, nullIfNotFound } from "../erp/json-http-client.js";
import type { FulfillmentChange, WmsPort } from "./wms-port.js";
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

  holdFulfillmentRequest(id: string, reason: string, idempotencyKey: string): FulfillmentChange {
    return this.change(id, "hold", { reason }, idempotencyKey);
  }

  releaseFulfillmentRequest(id: string, idempotencyKey: string): FulfillmentChange {
    return this.change(id, "release", {}, idempotencyKey);
  }

  cancelFulfillmentRequest(id: string, reason: string, idempotencyKey: string): FulfillmentChange {
    return this.change(id, "cancel", { reason }, idempotencyKey);
  }

  /** A 409 naming the request's state (shipped, cancelled) is an answer, not a failure. */
  private async change(id: string, what: string, body: object, idempotencyKey: string): FulfillmentChange {
    try {
      return ok(
        await this.http.send({
          method: "POST",
          path: `/fulfillment-requests/${encodeURIComponent(id)}/${what}`,
          body,
          idempotencyKey,
          response: fulfillmentRequestSchema,
        }),
      );
    } catch (error) {
      if (error instanceof ConnectorRejected && (error.code === "already_shipped" || error.code === "cancelled"))
        return err({ kind: error.code, message: error.message });
      throw error;
    }
  }
}
