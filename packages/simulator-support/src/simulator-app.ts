import express, { type Express, type NextFunction, type Request, type Response, type Router } from "express";
import { ApiError, parseBody, sendError } from "./api-error.js";
import { bearerAuth } from "./bearer-auth.js";
import type { FaultInjector } from "./fault-injection.js";
import { faultSchema } from "./fault-injection.js";
import type { RequestLog } from "./request-log.js";

export interface SimulatorAppParts {
  apiKey: string;
  faults: FaultInjector;
  requests: RequestLog;
  /** The simulator's own API routes, behind auth and faults. */
  api: Router;
  /** Extra routes under /_control (ship now, ...). */
  control?: Router;
  /** Documents for GET /_control/state. */
  state: () => unknown;
  reset: () => void;
}

/**
 * The frame both simulators share: request log, unauthenticated control routes (local test hooks, never
 * faulted), then fault injection, bearer auth, the API, and one error handler answering the common error body.
 */
export function createSimulatorApp(parts: SimulatorAppParts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "1mb" }));
  app.use(parts.requests.middleware);
  app.use("/_control", controlRoutes(parts));
  app.use(parts.faults.middleware);
  app.use(bearerAuth(parts.apiKey));
  app.use(parts.api);
  app.use((req: Request, res: Response) =>
    sendError(res, new ApiError(404, "route_not_found", `no route for ${req.method} ${req.path}`)),
  );
  app.use(errorHandler);
  return app;
}

function controlRoutes(parts: SimulatorAppParts): Router {
  const router = express.Router();
  router.post("/faults", (req, res) => {
    parts.faults.set(parseBody(faultSchema, req.body));
    res.json({ fault: parts.faults.state() });
  });
  router.get("/faults", (_req, res) => {
    res.json({ fault: parts.faults.state() });
  });
  router.get("/requests", (_req, res) => {
    res.json({ counts: parts.requests.counts(), requests: parts.requests.all() });
  });
  router.get("/state", (_req, res) => {
    res.json(parts.state());
  });
  router.post("/reset", (_req, res) => {
    parts.reset();
    res.json({ reset: true });
  });
  if (parts.control) router.use(parts.control);
  return router;
}

function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  sendError(res, toApiError(err));
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isBodyParserError(err)) return new ApiError(err.status, "malformed_request", `request body: ${err.message}`);
  return new ApiError(500, "internal_error", err instanceof Error ? err.message : String(err));
}

function isBodyParserError(err: unknown): err is { status: number; message: string } {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
