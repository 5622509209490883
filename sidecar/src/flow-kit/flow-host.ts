import type { RequestHandler, Router } from "express";
import type { SqlRunner } from "../db/migrate.js";
import type { EventRouteOptions } from "../http/event-route.js";
import type { InboxSource } from "../inbox/inbox-event.js";
import type { JobAttempt, JobSpec } from "../jobs/job-queue.js";
import type { ActionLog } from "./action-log.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { InboxHandler } from "./inbox-handler.js";
import type { Reconciler, ReconcilerSpec } from "./reconciler.js";
import type { JobType } from "./typed-job.js";

/** SQL on the flow's own tables: the one database handle a flow's store and read model are given. */
export type FlowSql = SqlRunner;

/** A route that stores what it verified in the inbox: the flow says how to verify and what the event is. */
export type FlowEventRoute<T> = Pick<EventRouteOptions<T>, "source" | "verify" | "toIncoming" | "badSignatureStatus">;

/**
 * Everything a flow may touch of the sidecar it runs in, and nothing more: a flow gets one of these (never the
 * Sidecar) and declares through it what it reacts to and what it runs.
 */
export interface FlowHost {
  /** The flow's name: namespaces its action log and its locks. */
  readonly flow: string;
  /** The database, for the flow's own tables (through its store's SQL adapter). */
  readonly sql: FlowSql;
  /** The flow's view of the one action log every flow writes to. */
  readonly actionLog: ActionLog;
  /**
   * Every call to another system goes through `failures.call(system, what, fn)`: the circuit breakers see it,
   * a system that is down parks the job, a refusal becomes a PermanentError.
   */
  readonly failures: ConnectorFailures;
  /** Handle stored events of one source and type (routed by the inbox; a type nobody handles is ignored). */
  onEvent(source: InboxSource, type: string, handler: InboxHandler): void;
  /** Run jobs of one type; the payload arrives parsed by the type's schema. */
  onJob<Payload>(type: JobType<Payload>, handler: (payload: Payload, job: JobAttempt) => Promise<void>): void;
  enqueue(jobs: JobSpec[]): Promise<void>;
  /** load -> plan -> execute for one aggregate at a time, in every process on this database. */
  reconciler<Id extends string, State, Action>(spec: ReconcilerSpec<Id, State, Action>): Reconciler<Id, State, Action>;
  /** HTTP routes of the flow's own (mounted before the 404 handler). */
  addRoutes(router: Router): void;
  /** A signed callback route whose events take the inbox path of every event: verify, store once, acknowledge. */
  eventRoute<T>(route: FlowEventRoute<T>): RequestHandler;
}
