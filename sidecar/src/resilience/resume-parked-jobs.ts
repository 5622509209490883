import type { JobQueue } from "../jobs/job-queue.js";
import { PeriodicTask } from "../lib/periodic-task.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { ParkedJobs } from "./parked-jobs.js";
import type { SystemHealth } from "./system-health.js";

export interface ResumeOptions {
  /** How often parked jobs are looked at (a probe goes at most once per breaker cooldown anyway). */
  intervalMs: number;
  /** Jobs handed back to the queue per statement, oldest first. */
  batchSize?: number;
}

/** Released this long ago, a parked job's place in the line is forgotten. */
const forgetAfterMs = 10 * 60_000;

/**
 * Resumes parked jobs without an operator: one at a time as a probe while their system is taken as down, then
 * all of them, in the order they were parked, as soon as it answers (in this process or another).
 */
export class ResumeParkedJobs {
  private readonly task: PeriodicTask;

  constructor(
    private readonly parked: ParkedJobs,
    private readonly health: SystemHealth,
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: ResumeOptions,
  ) {
    this.task = new PeriodicTask(options.intervalMs, () =>
      this.pass().catch((err: Error) =>
        this.logger.warn({ err: err.message }, "could not resume parked jobs; will try again"),
      ),
    );
    // Resumed at once when the system answers, not at the next tick.
    health.onRecovered(() => this.task.kick());
  }

  start(): void {
    this.task.start();
  }

  /** One pass over every system with parked jobs; returns how many went back to the queue. */
  async pass(): Promise<number> {
    await this.health.refresh();
    const waiting = await this.parked.waiting();
    this.metrics.parkedJobs.reset();
    let released = 0;
    for (const [system, count] of waiting) {
      this.metrics.parkedJobs.set({ system }, count);
      released += await this.resume(system);
    }
    await this.parked.forgetReleasedBefore(new Date(Date.now() - forgetAfterMs));
    return released;
  }

  private async resume(system: string): Promise<number> {
    const enqueue = (jobs: Parameters<JobQueue["enqueue"]>[0]) => this.queue.enqueue(jobs);
    const pace = this.health.releasePace(system);
    if (pace === "wait") return 0;
    if (pace === "probe") return this.parked.release(system, 1, enqueue);
    let released = 0;
    for (let batch = await this.parked.release(system, this.options.batchSize ?? 200, enqueue); batch > 0; ) {
      released += batch;
      // Stop as soon as the system is found down again: the rest stay parked, in order.
      if (this.health.releasePace(system) !== "all") break;
      batch = await this.parked.release(system, this.options.batchSize ?? 200, enqueue);
    }
    if (released > 0) this.logger.info({ system, released }, "parked jobs resumed");
    return released;
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
