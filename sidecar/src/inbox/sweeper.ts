import type { AbandonedJob, JobQueue } from "../jobs/job-queue.js";
import type { JobRunner } from "../jobs/job-runner.js";
import { PeriodicTask } from "../lib/periodic-task.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Notifier } from "../ports/notifier.js";
import type { Incidents } from "../resilience/incidents.js";
import { inboxJob } from "./inbox-event.js";
import type { InboxRepository } from "./inbox-repository.js";

export interface SweeperOptions {
  intervalMs: number;
  /** Still waiting this long after storage: the process may have died between commit and enqueue. */
  waitingAfterMs: number;
  /** An attempt or a due retry overdue by this long (beyond the lease) has lost its job: enqueue it again. */
  unfinishedAfterMs: number;
  /** A job's lease: an attempt may legitimately run this long before anyone takes it as lost. */
  leaseMs: number;
  /** Alert when the oldest pending event is older than this. */
  stuckAlertAfterMs: number;
  batchSize?: number;
}

/** What the sweeper answers to: the queue, the runner that judges lost jobs, and who to tell. */
export interface SweeperDeps {
  inbox: InboxRepository;
  queue: JobQueue;
  runner: Pick<JobRunner, "workerLost">;
  incidents: Incidents;
  notifier: Notifier;
  metrics: Metrics;
  logger: Logger;
}

/**
 * No job stuck without someone being told: re-enqueues stored events that never reached a worker or whose job
 * was lost, takes back the jobs the queue gave up on (retried, or dead-lettered once they keep losing their
 * worker), and reports the age of the oldest unfinished event, with an alert when it is too old.
 */
export class Sweeper {
  private readonly task: PeriodicTask;

  constructor(
    private readonly deps: SweeperDeps,
    private readonly options: SweeperOptions,
  ) {
    this.task = new PeriodicTask(options.intervalMs, () => this.sweep());
  }

  start(): void {
    this.task.start();
  }

  /** One pass of every check; a failing one does not stop the others. */
  async sweep(now = Date.now()): Promise<void> {
    await this.guard("re-enqueue stranded events", () => this.enqueueStranded(now));
    await this.guard("take back abandoned jobs", () => this.takeBackAbandoned());
    await this.guard("measure the oldest unfinished event", () => this.watchOldest(now));
  }

  /** Re-enqueues stranded inbox events; returns how many. */
  async enqueueStranded(now = Date.now()): Promise<number> {
    const { inbox, queue, metrics, logger } = this.deps;
    const { waitingAfterMs, unfinishedAfterMs, leaseMs } = this.options;
    const ids = await inbox.findStranded(
      {
        waitingBefore: new Date(now - waitingAfterMs),
        attemptBefore: new Date(now - leaseMs - unfinishedAfterMs),
        retryDueBefore: new Date(now - unfinishedAfterMs),
      },
      this.options.batchSize ?? 500,
    );
    if (ids.length === 0) return 0;
    await queue.enqueue(ids.map(inboxJob));
    await inbox.markEnqueued(ids);
    metrics.jobsRescued.inc({ reason: "stranded" }, ids.length);
    logger.info({ count: ids.length }, "sweeper re-enqueued stranded inbox events");
    return ids.length;
  }

  /** Jobs in BullMQ's failed set (stalled too often): back in line, or dead-lettered with an alert. */
  async takeBackAbandoned(): Promise<number> {
    const { queue, runner, metrics, logger } = this.deps;
    const jobs: AbandonedJob[] = await queue.abandoned(100);
    for (const job of jobs) {
      const verdict = await runner.workerLost(job, job.reason);
      await queue.settleAbandoned(job.id, verdict === "retry" ? "retry" : "drop");
      metrics.jobsRescued.inc({ reason: verdict === "retry" ? "failed_set" : "dead_lettered" });
      logger.warn({ jobId: job.id, job: job.name, reason: job.reason, verdict }, "sweeper took back an abandoned job");
    }
    return jobs.length;
  }

  private async watchOldest(now: number): Promise<void> {
    const { inbox, incidents, notifier, metrics } = this.deps;
    const oldest = await inbox.oldestUnfinished();
    const age = (at: Date | null) => (at === null ? 0 : Math.max(0, (now - at.getTime()) / 1000));
    metrics.oldestUnfinishedSeconds.set({ state: "pending" }, age(oldest.pending));
    metrics.oldestUnfinishedSeconds.set({ state: "parked" }, age(oldest.parked));
    const pendingSeconds = Math.round(age(oldest.pending));
    const limitSeconds = Math.round(this.options.stuckAlertAfterMs / 1000);
    // Parked events are an outage's, told by its own alert; pending ones this old are stuck or far behind.
    if (age(oldest.pending) * 1000 > this.options.stuckAlertAfterMs) {
      if (await incidents.open("stuck_events", `oldest pending event ${pendingSeconds} s old`))
        await notifier.alert({
          severity: "critical",
          code: "events.stuck",
          message: `the oldest unfinished event is ${pendingSeconds} s old (limit ${limitSeconds} s): workers are stopped, far behind, or a job keeps failing`,
          context: { oldestPendingSeconds: pendingSeconds },
        });
    } else if (await incidents.close("stuck_events"))
      await notifier.alert({
        severity: "info",
        code: "events.caught_up",
        message: `events are being processed again: the oldest unfinished one is ${pendingSeconds} s old`,
        context: { oldestPendingSeconds: pendingSeconds },
      });
  }

  private async guard(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.logger.warn({ err: (err as Error).message }, `sweeper could not ${what}; will try again`);
    }
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
