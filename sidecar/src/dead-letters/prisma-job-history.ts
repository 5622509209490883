import type { PrismaClient } from "../generated/prisma/client.js";
import type { JobAttempt } from "../jobs/job-queue.js";
import type { JobHistory } from "../jobs/job-runner.js";
import type { Problem } from "../jobs/permanent-error.js";

const inboxIdOf = (job: JobAttempt) => (typeof job.data.inboxEventId === "string" ? job.data.inboxEventId : undefined);

/** Failed attempts and dead letters, in the database whichever queue backend runs the jobs. */
export class PrismaJobHistory implements JobHistory {
  constructor(private readonly prisma: PrismaClient) {}

  async recordFailure(job: JobAttempt, error: string): Promise<void> {
    const inboxEventId = inboxIdOf(job);
    await this.prisma.$transaction([
      this.prisma.jobFailure.create({ data: { jobId: job.id, jobName: job.name, attempt: job.attempt, error } }),
      ...(inboxEventId
        ? [
            this.prisma.inboxEvent.update({
              where: { id: inboxEventId },
              data: { status: "retrying", lastError: error },
            }),
          ]
        : []),
    ]);
  }

  async deadLetter(
    job: JobAttempt,
    error: string,
    suggestion: string | undefined,
    problem: Problem | undefined,
  ): Promise<void> {
    const inboxEventId = inboxIdOf(job);
    await this.prisma.$transaction(async (tx) => {
      const failures = await tx.jobFailure.findMany({
        where: { jobId: job.id },
        orderBy: { id: "asc" },
        select: { attempt: true, error: true, failedAt: true },
      });
      await tx.deadLetter.create({
        data: {
          jobId: job.id,
          jobName: job.name,
          data: job.data as object,
          inboxEventId: inboxEventId ?? null,
          error,
          attempts: failures.map((f) => ({ attempt: f.attempt, error: f.error, failedAt: f.failedAt.toISOString() })),
          suggestion: suggestion ?? null,
          ...(problem ? { problem: problem as object } : {}),
        },
      });
      if (inboxEventId)
        await tx.inboxEvent.update({ where: { id: inboxEventId }, data: { status: "dead", processedAt: new Date() } });
    });
  }
}
