import type { Logger } from "../logger.js";
import type { Metrics, RejectReason } from "./metrics.js";
import { throttledLog } from "./throttled-log.js";

// Every refusal at the edge is counted (a metric per reason) and logged, at most once a minute per kind with the
// number held back since, so a flood is visible without filling the log. Never with the body or a credential.

/** A delivery to a signed event route refused before storage. */
export type ReportEventRefusal = (source: string, reason: RejectReason, status: number, message: string) => void;

export function eventRefusalReporter(metrics: Metrics, logger: Logger): ReportEventRefusal {
  const log = throttledLog();
  return (source, reason, status, message) => {
    metrics.eventsRejected.inc({ source, reason });
    log(`${source}:${reason}`, (heldBack) =>
      logger.warn({ source, reason, status, heldBack }, `${source} event refused: ${message}`),
    );
  };
}

export type ApiRefusalReason = "unauthenticated" | "forbidden" | "rate_limited";

/** A request to the token-protected API (/graphql, /metrics) or another unsigned route refused before it ran. */
export type ReportApiRefusal = (route: string, reason: ApiRefusalReason, address: string, message: string) => void;

// Known routes by name, anything else as one value: a label per path a scanner tries would grow without bound.
const knownRoutes = new Set(["/graphql", "/metrics", "/healthz", "/readyz"]);
const routeLabel = (route: string) => {
  const path = route.toLowerCase().replace(/\/+$/, "");
  return knownRoutes.has(path) ? path : "other";
};

export function apiRefusalReporter(metrics: Metrics, logger: Logger): ReportApiRefusal {
  const log = throttledLog();
  return (route, reason, address, message) => {
    const label = routeLabel(route);
    metrics.apiRequestsRefused.inc({ route: label, reason });
    log(`${label}:${reason}`, (heldBack) =>
      logger.warn({ route: label, reason, address, heldBack }, `${label} request refused: ${message}`),
    );
  };
}
