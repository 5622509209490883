/** A unit of background work. `id` makes enqueueing idempotent: the same id is never queued twice at once. */
export interface JobSpec {
  id: string;
  name: string;
  data: Record<string, unknown>;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

/** What a backend hands to the runner for one attempt. */
export interface JobAttempt {
  id: string;
  name: string;
  data: Record<string, unknown>;
  /** 1 for the first try. */
  attempt: number;
  /** Set when the previous attempt's worker was lost mid-attempt (the database queue's lease ran out). */
  workerLost?: string;
}

/** The runner's verdict on one attempt; the backend only schedules. */
export type AttemptOutcome = { kind: "done" } | { kind: "retry"; delayMs: number; error: string };

export type AttemptProcessor = (job: JobAttempt) => Promise<AttemptOutcome>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
}

export type QueueBackend = "bullmq" | "database";

/** A job the backend gave up on by itself: its worker was lost mid-attempt too often (BullMQ's failed set). */
export interface AbandonedJob extends JobAttempt {
  reason: string;
}

/** One interface, two backends: BullMQ on Redis, or an in-process queue stored in the database. */
export interface JobQueue {
  readonly backend: QueueBackend;
  enqueue(jobs: JobSpec[]): Promise<void>;
  /** Starts consuming with the given concurrency; call once per process that runs workers. */
  startWorker(process: AttemptProcessor, concurrency: number): void;
  counts(): Promise<QueueCounts>;
  /** Jobs the backend gave up on by itself (BullMQ's failed set); the database queue never gives up on one. */
  abandoned(limit: number): Promise<AbandonedJob[]>;
  /** An abandoned job back in line (`retry`), or gone once it is dead-lettered (`drop`). */
  settleAbandoned(id: string, action: "retry" | "drop"): Promise<void>;
  /** Throws when the backend is unreachable. */
  ping(): Promise<void>;
  /** Stops taking new jobs, waits for in-flight ones, and disconnects. */
  close(): Promise<void>;
}
