import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type RejectReason =
  | "bad_signature"
  | "missing_headers"
  | "stale_timestamp"
  | "too_large"
  | "bad_json"
  | "bad_shape"
  | "not_configured";

/** All of the sidecar's Prometheus metrics, on a registry of their own (tests build several apps). */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsReceived = new Counter({
    name: "sidecar_events_received_total",
    help: "Webhook and bridge deliveries received, before verification",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });
  readonly eventsAccepted = new Counter({
    name: "sidecar_events_accepted_total",
    help: "Verified events stored in the inbox; duplicate=true when the event was already there",
    labelNames: ["source", "duplicate"] as const,
    registers: [this.registry],
  });
  readonly eventsRejected = new Counter({
    name: "sidecar_events_rejected_total",
    help: "Deliveries refused before storage, by reason",
    labelNames: ["source", "reason"] as const,
    registers: [this.registry],
  });
  readonly apiRequestsRefused = new Counter({
    name: "sidecar_api_requests_refused_total",
    help: "Requests to /graphql, /metrics and other unsigned routes refused before they ran: unauthenticated, forbidden, rate_limited",
    labelNames: ["route", "reason"] as const,
    registers: [this.registry],
  });
  readonly eventsConflicting = new Counter({
    name: "sidecar_events_conflicting_total",
    help: "Redeliveries of a stored event id whose content differs from what was stored (the stored one is kept)",
    labelNames: ["source"] as const,
    registers: [this.registry],
  });
  readonly jobsProcessed = new Counter({
    name: "sidecar_jobs_processed_total",
    help: "Job attempts that succeeded",
    labelNames: ["job"] as const,
    registers: [this.registry],
  });
  readonly jobsFailed = new Counter({
    name: "sidecar_jobs_failed_total",
    help: "Job attempts that failed (retried or dead-lettered)",
    labelNames: ["job"] as const,
    registers: [this.registry],
  });
  readonly jobsDeadLettered = new Counter({
    name: "sidecar_jobs_dead_lettered_total",
    help: "Jobs moved to the dead-letter queue",
    labelNames: ["job"] as const,
    registers: [this.registry],
  });
  readonly handlerSeconds = new Histogram({
    name: "sidecar_handler_duration_seconds",
    help: "Time spent in job handlers",
    labelNames: ["job"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: "sidecar_queue_depth",
    help: "Jobs in the queue by state",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  readonly systemUp = new Gauge({
    name: "sidecar_system_up",
    help: "1 while this process takes the system as up, 0 while its circuit breaker is open (its jobs park)",
    labelNames: ["system"] as const,
    registers: [this.registry],
  });
  readonly jobsParked = new Counter({
    name: "sidecar_jobs_parked_total",
    help: "Jobs set aside because the system they need was down",
    labelNames: ["system"] as const,
    registers: [this.registry],
  });
  readonly parkedJobs = new Gauge({
    name: "sidecar_parked_jobs",
    help: "Jobs waiting for a system to answer again, as last counted",
    labelNames: ["system"] as const,
    registers: [this.registry],
  });
  readonly jobsRescued = new Counter({
    name: "sidecar_jobs_rescued_total",
    help: "Jobs the sweeper found stuck and moved back to the queue (reason: stranded, failed_set) or dead-lettered",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly oldestUnfinishedSeconds = new Gauge({
    name: "sidecar_oldest_unfinished_event_age_seconds",
    help: "Age of the oldest stored event not finished yet: pending (in the queue or retrying) or parked (its system is down)",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
