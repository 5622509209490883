import type { PrismaClient } from "../generated/prisma/client.js";
import type { AbandonedJob, AttemptProcessor, JobAttempt, JobQueue, JobSpec, QueueCounts } from "./job-queue.js";

export interface DatabaseQueueOptions {
  queue: string;
  /** How often an idle worker looks for due jobs enqueued by another process or scheduled for later. */
  pollMs?: number;
  /** A claimed job whose worker died is claimed again after this long; a live worker renews its leases. */
  leaseMs?: number;
}

interface ClaimedJob {
  id: string;
  name: string;
  data: Record<string, unknown>;
  attemptsMade: number;
  workerLost: boolean;
}

/**
 * The embedded queue: jobs are rows in the same database as the inbox, so a restart loses nothing.
 * Workers claim due rows with FOR UPDATE SKIP LOCKED under a lease; a finished job is deleted.
 */
export class DatabaseQueue implements JobQueue {
  readonly backend = "database" as const;
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the jobs this process is running: their leases are renewed while they run. */
  private readonly runningIds = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: DatabaseQueueOptions,
  ) {
    this.pollMs = options.pollMs ?? 250;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  async enqueue(jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = Date.now();
    await this.prisma.job.createMany({
      data: jobs.map((job) => ({
        id: job.id,
        queue: this.options.queue,
        name: job.name,
        data: job.data as object,
        runAt: new Date(now + (job.delayMs ?? 0)),
      })),
      skipDuplicates: true, // same id already queued: nothing to do
    });
    this.wake?.();
  }

  startWorker(process: AttemptProcessor, concurrency: number): void {
    if (this.running) throw new Error("worker already started");
    this.running = true;
    this.loop = this.consume(process, concurrency);
    // A short lease lets another worker take over a killed one's jobs soon; renewing it keeps long jobs ours.
    this.heartbeat = setInterval(() => void this.renewLeases().catch(() => {}), this.leaseMs / 3);
    this.heartbeat.unref();
  }

  private async consume(process: AttemptProcessor, concurrency: number): Promise<void> {
    while (this.running) {
      const free = concurrency - this.inFlight.size;
      const claimed = free > 0 ? await this.claim(free).catch(() => []) : [];
      for (const job of claimed) this.track(this.runOne(process, job));
      if (claimed.length === 0 || this.inFlight.size >= concurrency) await this.idle();
    }
  }

  private track(run: Promise<void>) {
    this.inFlight.add(run);
    run.finally(() => {
      this.inFlight.delete(run);
      this.wake?.();
    });
  }

  /** Sleeps until a job is enqueued here, a running job finishes, or the poll interval passes. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  /** Due jobs, and jobs whose worker stopped renewing the lease (killed): those come back marked `workerLost`. */
  private claim(limit: number): Promise<ClaimedJob[]> {
    return this.prisma.$queryRaw<ClaimedJob[]>`
      WITH due AS (
        SELECT id, status = 'active' AS "workerLost" FROM "Job"
        WHERE queue = ${this.options.queue}
          AND ((status = 'waiting' AND "runAt" <= now()) OR (status = 'active' AND "lockedUntil" < now()))
        ORDER BY "runAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      UPDATE "Job" j SET status = 'active', "attemptsMade" = j."attemptsMade" + 1,
        "lockedUntil" = now() + make_interval(secs => ${this.leaseMs / 1000})
      FROM due WHERE j.id = due.id
      RETURNING j.id, j.name, j.data, j."attemptsMade", due."workerLost"`;
  }

  private async renewLeases(): Promise<void> {
    if (this.runningIds.size === 0) return;
    await this.prisma.$executeRaw`
      UPDATE "Job" SET "lockedUntil" = now() + make_interval(secs => ${this.leaseMs / 1000})
      WHERE id = ANY(${[...this.runningIds]}::text[]) AND status = 'active'`;
  }

  private async runOne(process: AttemptProcessor, job: ClaimedJob): Promise<void> {
    const attempt: JobAttempt = {
      id: job.id,
      name: job.name,
      data: job.data,
      attempt: job.attemptsMade,
      ...(job.workerLost ? { workerLost: "its worker stopped renewing the lease (killed, or blocked)" } : {}),
    };
    this.runningIds.add(job.id);
    try {
      const outcome = await process(attempt);
      if (outcome.kind === "done") await this.prisma.job.delete({ where: { id: job.id } });
      else await this.reschedule(job.id, outcome.delayMs);
    } catch {
      // The runner could not even record the failure (database trouble): the lease expires and the job
      // is claimed again, so nothing is lost.
    } finally {
      this.runningIds.delete(job.id);
    }
  }

  private reschedule(id: string, delayMs: number) {
    return this.prisma.job.update({
      where: { id },
      data: { status: "waiting", lockedUntil: null, runAt: new Date(Date.now() + delayMs) },
    });
  }

  async counts(): Promise<QueueCounts> {
    const [row] = await this.prisma.$queryRaw<{ waiting: number; active: number; delayed: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'waiting' AND "runAt" <= now())::int AS waiting,
             count(*) FILTER (WHERE status = 'active')::int AS active,
             count(*) FILTER (WHERE status = 'waiting' AND "runAt" > now())::int AS delayed
      FROM "Job" WHERE queue = ${this.options.queue}`;
    return row ?? { waiting: 0, active: 0, delayed: 0 };
  }

  /** Never any: a job whose worker died is claimed again when its lease ends, and the runner is told. */
  async abandoned(_limit: number): Promise<AbandonedJob[]> {
    return [];
  }

  async settleAbandoned(_id: string, _action: "retry" | "drop"): Promise<void> {}

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.heartbeat);
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }
}
