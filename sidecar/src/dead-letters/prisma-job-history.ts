import type { PrismaClient } from "../generated/prisma/client.js";
import type { JobAttempt } from "../jobs/job-queue.js";
import { type JobHistory, lostWorkerPrefix } from "../jobs/job-runner.js";
import type { Problem } from "../jobs/permanent-error.js";
import type { ParkedJobs } from "../resilience/parked-jobs.js";

const inboxIdOf = (job: JobAttempt) => (typeof job.data.inboxEventId === "string" ? job.data.inboxEventId : undefined);

/** Failed attempts, parked jobs and dead letters, in the database whichever queue backend runs the jobs. */
export class PrismaJobHistory implements JobHistory {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly parked: ParkedJobs,
  ) {}

  async recordFailure(job: JobAttempt, error: string, retryAt?: Date): Promise<void> {
    const inboxEventId = inboxIdOf(job);
    await this.prisma.$transaction([
      this.prisma.jobFailure.create({ data: { jobId: job.id, jobName: job.name, attempt: job.attempt, error } }),
      ...(inboxEventId
        ? [
            this.prisma.inboxEvent.updateMany({
              where: { id: inboxEventId, status: { notIn: ["processed", "ignored", "dead"] } },
              data: { status: "retrying", lastError: error, nextAttemptAt: retryAt ?? null },
            }),
          ]
        : []),
    ]);
  }

  async deadLetter(job: JobAttempt, error: string, suggestion: string, problem: Problem): Promise<boolean> {
    const inboxEventId = inboxIdOf(job);
    return this.prisma.$transaction(async (tx) => {
      const failures = await tx.jobFailure.findMany({
        where: { jobId: job.id },
        orderBy: { id: "asc" },
        select: { attempt: true, error: true, failedAt: true },
      });
      const text = (key: keyof Problem) => (problem[key] === undefined ? null : String(problem[key]));
      const [{ sameKind }] = await tx.$queryRaw<[{ sameKind: number }]>`
        SELECT count(*)::int AS "sameKind" FROM "DeadLetter" WHERE status = 'open'
          AND problem->>'code' IS NOT DISTINCT FROM ${text("code")}
          AND problem->>'system' IS NOT DISTINCT FROM ${text("system")}
          AND problem->>'field' IS NOT DISTINCT FROM ${text("field")}
          AND problem->>'mapping' IS NOT DISTINCT FROM ${text("mapping")}`;
      await tx.deadLetter.create({
        data: {
          jobId: job.id,
          jobName: job.name,
          data: job.data as object,
          inboxEventId: inboxEventId ?? null,
          error,
          attempts: failures.map((f) => ({ attempt: f.attempt, error: f.error, failedAt: f.failedAt.toISOString() })),
          suggestion,
          problem: problem as object,
        },
      });
      if (inboxEventId)
        await tx.inboxEvent.update({ where: { id: inboxEventId }, data: { status: "dead", processedAt: new Date() } });
      return sameKind === 0;
    });
  }

  park(job: JobAttempt, system: string, reason: string): Promise<void> {
    return this.parked.park(job, system, reason);
  }

  lostWorkerCount(jobId: string): Promise<number> {
    return this.prisma.jobFailure.count({ where: { jobId, error: { startsWith: lostWorkerPrefix } } });
  }
}
