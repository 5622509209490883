// "A job BullMQ moved to its own failed set is stuck for good" (issue 14, 1.): the chaos plays a worker that
// takes one job and fails it for good, then measures whether the sidecar notices: the job's work done after
// all (recovered), or a dead letter with an alert.
import { randomUUID } from "node:crypto";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Stage } from "./chaos-stage.js";
import type { FaultContext } from "./run-experiment.js";

interface ForcedJob {
  id: string;
  name: string;
  inboxEventId: string | undefined;
}

const forced = new WeakMap<Stage, ForcedJob>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long the sidecar has to resolve the job (issue 14: within a minute), measured a little beyond. */
const watchMs = 120_000;

export async function forceJobIntoFailedSet(ctx: FaultContext): Promise<void> {
  const connection = new Redis(ctx.stage.backend.redis!.url, { maxRetriesPerRequest: null });
  const worker = new Worker(ctx.stage.queueName, null, { connection, autorun: false });
  const token = randomUUID();
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await worker.getNextJob(token, { block: true });
      if (!job) continue;
      // Unrecoverable: straight to the failed set, whatever attempts are left, as a stall past maxStalledCount.
      await job.moveToFailed(new UnrecoverableError("forced into BullMQ's failed set by npm run chaos"), token);
      const inboxEventId = (job.data as { inboxEventId?: string }).inboxEventId;
      forced.set(ctx.stage, { id: job.id!, name: job.name, inboxEventId });
      return;
    }
    ctx.note("no job was waiting in 30 s: nothing forced");
  } finally {
    await worker.close();
    connection.disconnect();
  }
}

type Outcome = "recovered" | "dead_lettered" | "stuck";

async function outcomeOf(stage: Stage, queue: Queue, job: ForcedJob): Promise<Outcome> {
  const postgres = stage.backend.postgres!;
  const dead = await postgres.query<{ n: string }>(
    stage.database!,
    `SELECT count(*) AS n FROM "DeadLetter" WHERE "jobId" = $1`,
    [job.id],
  );
  if (Number(dead[0]?.n) > 0) return "dead_lettered";
  if (job.inboxEventId) {
    const rows = await postgres.query<{ status: string }>(
      stage.database!,
      `SELECT status::text AS status FROM "InboxEvent" WHERE id = $1::uuid`,
      [job.inboxEventId],
    );
    return rows[0]?.status === "processed" || rows[0]?.status === "ignored" ? "recovered" : "stuck";
  }
  // Not an inbox job: done once BullMQ no longer holds it as failed and it is not waiting to run again.
  const state = await queue.getJobState(job.id);
  return state === "completed" || state === "unknown" ? "recovered" : "stuck";
}

export async function measureForcedJob(ctx: FaultContext, forcedAt: number): Promise<Record<string, unknown>> {
  const job = forced.get(ctx.stage);
  if (!job) return { forced_job: null };
  const connection = new Redis(ctx.stage.backend.redis!.url, { maxRetriesPerRequest: null });
  const queue = new Queue(ctx.stage.queueName, { connection });
  try {
    let outcome: Outcome = "stuck";
    while (Date.now() - forcedAt < watchMs) {
      outcome = await outcomeOf(ctx.stage, queue, job).catch(() => "stuck" as const);
      if (outcome !== "stuck") break;
      await sleep(1000);
    }
    const alertAt = ctx.stage.alerts.firstAt((code) => /dead|stuck|failed/.test(code));
    return {
      forced_job: job.name,
      forced_job_outcome: outcome,
      forced_job_resolved_s: outcome === "stuck" ? null : Math.round((Date.now() - forcedAt) / 100) / 10,
      forced_job_alert_s: alertAt === undefined ? null : Math.round((alertAt - forcedAt) / 100) / 10,
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
