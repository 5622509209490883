import { DelayedError, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { AbandonedJob, AttemptProcessor, JobQueue, JobSpec, QueueCounts } from "./job-queue.js";

/** Thrown to BullMQ to ask for a retry; carries the delay our retry policy chose. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export interface BullmqQueueOptions {
  queue: string;
  redisUrl: string;
  /** Lock duration and stalled-check interval: a killed worker's job is taken over after about this long. */
  leaseMs: number;
  /** Takeovers before BullMQ moves a job to its failed set (the sweeper then retries or dead-letters it). */
  maxStalls: number;
  /** The longest an enqueue waits for Redis; the caller then falls back (stored events: the sweeper). */
  enqueueTimeoutMs: number;
}

/** A connection that reconnects by itself: readiness, enqueue failures and the sweeper report an outage. */
const quiet = (connection: Redis) => connection.on("error", () => {});

/** Retry and dead-letter decisions belong to the JobRunner: BullMQ itself never gives up on an attempt. */
const unlimitedAttempts = 1_000_000;

/**
 * BullMQ on Redis: web and worker processes scale separately. Retry and dead-letter decisions stay in the
 * JobRunner; BullMQ only schedules the retry at the delay it is given.
 */
export class BullmqQueue implements JobQueue {
  readonly backend = "bullmq" as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(private readonly options: BullmqQueueOptions) {
    this.connection = quiet(new Redis(options.redisUrl, { maxRetriesPerRequest: null }));
    this.queue = new Queue(options.queue, {
      connection: this.connection,
      defaultJobOptions: {
        attempts: unlimitedAttempts,
        backoff: { type: "runner" },
        removeOnComplete: true,
        removeOnFail: false,
      },
    });
    this.queue.on("error", () => {});
  }

  /** Resolves when Redis answers, or after `timeoutMs` (enqueues then fall back until it does). */
  ready(timeoutMs: number): Promise<void> {
    return Promise.race([
      this.queue.waitUntilReady().then(() => {}),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  async enqueue(jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    // Fails at once while Redis is away, and waits at most enqueueTimeoutMs when it hangs: the web process
    // acknowledges stored events without Redis, and the sweeper enqueues them once it is back.
    if (this.connection.status !== "ready") throw new Error(`Redis is not connected (${this.connection.status})`);
    // A job id already in Redis is left as it is: enqueueing is idempotent.
    const added = this.queue.addBulk(
      jobs.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.id, delay: job.delayMs } })),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${this.options.enqueueTimeoutMs} ms`)),
        this.options.enqueueTimeoutMs,
      );
    });
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
      added.catch(() => {}); // settles after the timeout: nothing to do, the sweeper covers it
    }
  }

  startWorker(process: AttemptProcessor, concurrency: number): void {
    if (this.worker) throw new Error("worker already started");
    this.worker = new Worker(
      this.options.queue,
      async (job, token) => {
        const attempt = {
          id: job.id!,
          name: job.name,
          data: job.data,
          attempt: job.attemptsMade + 1,
        };
        const outcome = await process(attempt).catch(async () => {
          // The attempt could not even be recorded (the database is down): try again soon, without spending
          // an attempt on what was not the job's fault.
          await job.moveToDelayed(Date.now() + 2_000 + Math.random() * 6_000, token);
          throw new DelayedError();
        });
        if (outcome.kind === "retry") throw new RetryLater(outcome.error, outcome.delayMs);
      },
      {
        connection: quiet(this.connection.duplicate()),
        concurrency,
        lockDuration: this.options.leaseMs,
        stalledInterval: this.options.leaseMs,
        maxStalledCount: this.options.maxStalls,
        settings: {
          backoffStrategy: (attemptsMade, _type, err) =>
            err instanceof RetryLater ? err.delayMs : Math.min(60_000, 1000 * 2 ** attemptsMade),
        },
      },
    );
    this.worker.on("error", () => {}); // connection errors are retried by ioredis; readiness reports them
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts("waiting", "prioritized", "active", "delayed");
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
  }

  async abandoned(limit: number): Promise<AbandonedJob[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs
      .filter((job) => job?.id !== undefined)
      .map((job) => ({
        id: job.id!,
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade,
        reason: job.failedReason || "moved to the failed set",
      }));
  }

  async settleAbandoned(id: string, action: "retry" | "drop"): Promise<void> {
    const job = await this.queue.getJob(id);
    if (!job) return;
    if (action === "drop") await job.remove();
    else await job.retry("failed");
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await this.worker?.close(); // waits for in-flight jobs
    await this.queue.close();
    await this.connection.quit().catch(() => {});
  }
}
