import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { tokenGuards } from "../auth/require-token.js";
import type { IngestEvents } from "../inbox/ingest-events.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../logger.js";
import type { Metrics, RejectReason } from "../observability/metrics.js";
import { eventRefusalReporter, type ReportEventRefusal } from "../observability/refusal-reports.js";
import type { BridgeVerifierOptions } from "../webhooks/verify-bridge-event.js";
import type { StripeVerifierOptions } from "../webhooks/verify-stripe-webhook.js";
import { bridgeEventRoute, stripeWebhookRoute } from "./event-routes.js";
import type { TrustProxy } from "./trust-proxy.js";

export const maxEventBodyBytes = 1024 * 1024;

export interface AppDependencies {
  ingest: IngestEvents;
  queue: JobQueue;
  pingDatabase: () => Promise<void>;
  metrics: Metrics;
  logger: Logger;
  stripeVerifier: StripeVerifierOptions;
  bridgeVerifier: BridgeVerifierOptions;
  /** Mounted at /graphql when given. */
  graphql?: RequestHandler;
  /** Bearer-token checks for /graphql and the admin routes (/metrics); the signed routes verify signatures. */
  auth: ReturnType<typeof tokenGuards>;
  /** Rate limits of every route (rate-limit.ts), mounted first. */
  rateLimit?: RequestHandler;
  /** Peers whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** Routes that flows add (callbacks, payment endpoints); mounted before the 404 handler. */
  extensions?: express.Router;
}

/** The HTTP edge: parse, verify, hand over, answer. No business logic lives here. */
export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false); // responses are tiny and never cached; hashing each one is wasted work
  app.set("trust proxy", deps.trustProxy);
  if (deps.rateLimit) app.use(deps.rateLimit);

  // Raw bytes whatever the content type: signatures are computed over the exact body.
  const rawBody = express.raw({ type: () => true, limit: maxEventBodyBytes });
  const reportRefusal = eventRefusalReporter(deps.metrics, deps.logger);
  const shared = { ingest: deps.ingest, metrics: deps.metrics, logger: deps.logger, reportRefusal };
  app.post("/webhooks/stripe", rawBody, stripeWebhookRoute(shared, deps.stripeVerifier));
  app.post("/bridge/events", rawBody, bridgeEventRoute(shared, deps.bridgeVerifier));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const [database, queue] = await Promise.allSettled([deps.pingDatabase(), deps.queue.ping()]);
    const ready = database.status === "fulfilled" && queue.status === "fulfilled";
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not ready",
      database: database.status === "fulfilled" ? "ok" : "unreachable",
      queue: queue.status === "fulfilled" ? "ok" : "unreachable",
    });
  });
  app.get("/metrics", deps.auth.admin, async (_req, res) => {
    const counts = await deps.queue.counts().catch(() => undefined);
    if (counts) for (const [state, n] of Object.entries(counts)) deps.metrics.queueDepth.set({ state }, n);
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  if (deps.graphql) app.use("/graphql", deps.auth.graphql, deps.graphql);
  if (deps.extensions) app.use(deps.extensions);

  app.use((_req, res) => {
    res.status(404).json({ error: { reason: "not_found", message: "no such route" } });
  });
  app.use(errorHandler(deps.logger, reportRefusal));
  return app;
}

/** Body-parser errors are the client's: answer with their 4xx status and report them; anything else is ours. */
function errorHandler(logger: Logger, reportRefusal: ReportEventRefusal): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = typeof err?.status === "number" ? err.status : 500;
    const source = req.path.startsWith("/webhooks/stripe")
      ? "stripe"
      : req.path.startsWith("/bridge")
        ? "bridge"
        : undefined;
    if (status >= 500) {
      logger.error({ err, path: req.path }, "unhandled error");
      if (!res.headersSent) res.status(500).json({ error: { reason: "internal", message: "internal error" } });
      return;
    }
    const reason: RejectReason = status === 413 ? "too_large" : "bad_json";
    // Each route sets its own limit; a parser's own message would quote the body it could not parse.
    const message =
      status === 413
        ? `body larger than ${err.limit ?? maxEventBodyBytes} bytes`
        : err.type === "entity.parse.failed"
          ? "body is not valid JSON"
          : String(err.message ?? "bad request");
    if (source) reportRefusal(source, reason, status, message);
    if (!res.headersSent) res.status(status).json({ error: { reason, message } });
  };
}
