import type { IngestEvents } from "../inbox/ingest-events.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { ReportEventRefusal } from "../observability/refusal-reports.js";
import { type BridgeVerifierOptions, verifyBridgeEvent } from "../webhooks/verify-bridge-event.js";
import { type StripeVerifierOptions, verifyStripeWebhook } from "../webhooks/verify-stripe-webhook.js";
import { eventRoute } from "./event-route.js";

interface Shared {
  ingest: IngestEvents;
  metrics: Metrics;
  logger: Logger;
  reportRefusal: ReportEventRefusal;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** POST /webhooks/stripe */
export const stripeWebhookRoute = (shared: Shared, verifier: StripeVerifierOptions) =>
  eventRoute({
    ...shared,
    source: "stripe",
    badSignatureStatus: 400,
    verify: (body, req) => verifyStripeWebhook(body, header(req.headers["stripe-signature"]), verifier),
    toIncoming: (event, signedBody) => ({
      source: "stripe",
      eventId: event.id,
      type: event.type,
      occurredAt: new Date(event.created * 1000),
      payload: event,
      signedBody,
    }),
  });

/** POST /bridge/events */
export const bridgeEventRoute = (shared: Shared, verifier: BridgeVerifierOptions) =>
  eventRoute({
    ...shared,
    source: "bridge",
    badSignatureStatus: 401,
    verify: (body, req) =>
      verifyBridgeEvent(
        body,
        {
          "webhook-id": header(req.headers["webhook-id"]),
          "webhook-timestamp": header(req.headers["webhook-timestamp"]),
          "webhook-signature": header(req.headers["webhook-signature"]),
        },
        verifier,
      ),
    toIncoming: (envelope, signedBody) => ({
      source: "bridge",
      eventId: envelope.id,
      type: envelope.type,
      occurredAt: new Date(envelope.occurredAt),
      payload: envelope,
      signedBody,
    }),
  });
