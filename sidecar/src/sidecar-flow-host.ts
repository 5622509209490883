import type { RequestHandler, Router } from "express";
import type { Database } from "./db/database.js";
import { ActionLog } from "./flow-kit/action-log.js";
import type { ConnectorFailures } from "./flow-kit/connector-failures.js";
import type { FlowEventRoute, FlowHost } from "./flow-kit/flow-host.js";
import type { InboxHandler } from "./flow-kit/inbox-handler.js";
import { Reconciler, type ReconcilerSpec } from "./flow-kit/reconciler.js";
import type { JobType } from "./flow-kit/typed-job.js";
import { eventRoute } from "./http/event-route.js";
import type { EventHandlerRegistry } from "./inbox/event-handler-registry.js";
import type { IngestEvents } from "./inbox/ingest-events.js";
import type { JobAttempt, JobQueue, JobSpec } from "./jobs/job-queue.js";
import type { JobRunner } from "./jobs/job-runner.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./observability/metrics.js";
import type { ReportEventRefusal } from "./observability/refusal-reports.js";

/** What the sidecar lends its flows; see FlowHost. */
export interface FlowHostParts {
  db: Database;
  queue: JobQueue;
  handlers: EventHandlerRegistry;
  runner: JobRunner;
  routes: Router;
  ingest: IngestEvents;
  metrics: Metrics;
  logger: Logger;
  failures: ConnectorFailures;
  reportRefusal: ReportEventRefusal;
}

/** The FlowHost of one flow, on the sidecar's database, queue, inbox and HTTP edge. */
export class SidecarFlowHost implements FlowHost {
  readonly sql;
  readonly actionLog: ActionLog;
  readonly failures: ConnectorFailures;

  constructor(
    readonly flow: string,
    private readonly parts: FlowHostParts,
  ) {
    this.sql = parts.db.sql;
    this.actionLog = new ActionLog(parts.db.sql, flow);
    this.failures = parts.failures;
  }

  onEvent(source: string, type: string, handler: InboxHandler): void {
    this.parts.handlers.on(source, type, handler);
  }

  onJob<Payload>(type: JobType<Payload>, handler: (payload: Payload, job: JobAttempt) => Promise<void>): void {
    this.parts.runner.register(type.name, (job) => handler(type.parse(job.data), job));
  }

  enqueue(jobs: JobSpec[]): Promise<void> {
    return this.parts.queue.enqueue(jobs);
  }

  reconciler<Id extends string, State, Action>(spec: ReconcilerSpec<Id, State, Action>): Reconciler<Id, State, Action> {
    return new Reconciler(this.flow, this.parts.db.aggregateLock, spec);
  }

  addRoutes(router: Router): void {
    this.parts.routes.use(router);
  }

  eventRoute<T>(route: FlowEventRoute<T>): RequestHandler {
    const { ingest, metrics, logger, reportRefusal } = this.parts;
    return eventRoute({ ...route, ingest, metrics, logger, reportRefusal });
  }
}
