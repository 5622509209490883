import type { Request, RequestHandler, Response } from "express";
import type { InboxSource, IncomingEvent } from "../inbox/inbox-event.js";
import type { IngestEvents } from "../inbox/ingest-events.js";
import { storablePayload, storableText } from "../inbox/storable-payload.js";
import type { Logger } from "../logger.js";
import type { Metrics, RejectReason } from "../observability/metrics.js";
import type { ReportEventRefusal } from "../observability/refusal-reports.js";
import type { Verified } from "../webhooks/verification-result.js";

export interface EventRouteOptions<T> {
  source: InboxSource;
  verify: (rawBody: Buffer, req: Request) => Verified<T>;
  toIncoming: (verified: T, signedBody: Buffer) => IncomingEvent;
  /** For a bad or missing signature. Stripe expects 400; the bridge's outbox treats 401 as "fix your secret". */
  badSignatureStatus: 400 | 401;
  ingest: IngestEvents;
  metrics: Metrics;
  logger: Logger;
  reportRefusal: ReportEventRefusal;
}

/** One route shape for every event source: verify, validate, store durably, acknowledge. */
export function eventRoute<T>(options: EventRouteOptions<T>): RequestHandler {
  const { source, metrics } = options;
  // A sender signing with a secret we no longer hold loses every event; the log must say so (once a minute).
  const refuse = (res: Response, status: number, reason: RejectReason, message: string) => {
    options.reportRefusal(source, reason, status, message);
    res.status(status).json({ error: { reason, message } });
  };

  return async (req, res) => {
    metrics.eventsReceived.inc({ source });
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verified = options.verify(rawBody, req);
    if (!verified.ok) {
      const unsigned = verified.reason === "bad_signature" || verified.reason === "missing_headers";
      const status = unsigned ? options.badSignatureStatus : 400;
      return refuse(res, status, verified.reason, verified.message);
    }
    const incoming = options.toIncoming(verified.value, rawBody);
    const storable = storablePayload(incoming.payload);
    if (!storable.ok) return refuse(res, 400, "bad_shape", storable.error);
    // The flows read the storable payload; the signed bytes are kept beside it, exactly as received.
    incoming.payload = storable.value;
    incoming.eventId = storableText(incoming.eventId);
    try {
      const { inboxId, duplicate } = await options.ingest.accept(incoming);
      res.status(200).json({ received: true, duplicate, inboxId });
    } catch (err) {
      // Not stored, so not acknowledged: the sender retries.
      options.logger.error({ err, source, eventId: incoming.eventId }, "could not store event");
      res.status(503).json({ error: { reason: "unavailable", message: "event not stored; retry later" } });
    }
  };
}
