import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { AttemptProcessor, JobQueue, JobSpec, QueueCounts } from "./job-queue.js";

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
  maxAttempts: number;
}

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
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(options.queue, {
      connection: this.connection,
      defaultJobOptions: {
        // A few spare attempts beyond ours, for when recording an attempt itself fails (database down).
        attempts: options.maxAttempts + 5,
        backoff: { type: "runner" },
        removeOnComplete: true,
        removeOnFail: false,
      },
    });
  }

  async enqueue(jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    // A job id already in Redis is left as it is: enqueueing is idempotent.
    await this.queue.addBulk(
      jobs.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.id, delay: job.delayMs } })),
    );
  }

  startWorker(process: AttemptProcessor, concurrency: number): void {
    if (this.worker) throw new Error("worker already started");
    this.worker = new Worker(
      this.options.queue,
      async (job) => {
        const outcome = await process({
          id: job.id!,
          name: job.name,
          data: job.data,
          attempt: job.attemptsMade + 1,
          maxAttempts: this.options.maxAttempts,
        });
        if (outcome.kind === "retry") throw new RetryLater(outcome.error, outcome.delayMs);
      },
      {
        connection: this.connection.duplicate(),
        concurrency,
        settings: {
          backoffStrategy: (attemptsMade, _type, err) =>
            err instanceof RetryLater ? err.delayMs : 1000 * 2 ** attemptsMade,
        },
      },
    );
    this.worker.on("error", () => {}); // connection errors are retried by ioredis; readiness reports them
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts("waiting", "prioritized", "active", "delayed");
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
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
