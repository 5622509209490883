import type { PrismaClient } from "../generated/prisma/client.js";
import type { JobQueue } from "../jobs/job-queue.js";

export type ReplayResult =
  | { kind: "replayed"; deadLetterId: string; jobId: string }
  | { kind: "not_found" }
  | { kind: "not_open"; status: string };

/**
 * Sends a dead-lettered job back to the queue under its original job id (so the flow's idempotency keys,
 * derived from the event, still hold), after the person replaying it has fixed the cause.
 */
export class ReplayDeadLetter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: JobQueue,
  ) {}

  async replay(deadLetterId: string): Promise<ReplayResult> {
    const claimed = await this.prisma.$transaction(async (tx) => {
      const letter = await tx.deadLetter.findUnique({ where: { id: deadLetterId } });
      if (!letter) return { kind: "not_found" } as const;
      // Only one replay wins, even when two people press the button at once.
      const { count } = await tx.deadLetter.updateMany({
        where: { id: deadLetterId, status: "open" },
        data: { status: "replayed", replayedAt: new Date(), replayCount: { increment: 1 } },
      });
      if (count === 0) {
        // Read again: another replay may have claimed it since it was read above, which said "open".
        const now = await tx.deadLetter.findUnique({ where: { id: deadLetterId }, select: { status: true } });
        return { kind: "not_open", status: now?.status ?? letter.status } as const;
      }
      await tx.jobFailure.deleteMany({ where: { jobId: letter.jobId } }); // a fresh attempt history
      if (letter.inboxEventId)
        await tx.inboxEvent.update({
          where: { id: letter.inboxEventId },
          data: { status: "received", processedAt: null, enqueuedAt: null },
        });
      return { kind: "claimed", letter } as const;
    });
    if (claimed.kind !== "claimed") return claimed;
    const { letter } = claimed;
    // Should this enqueue fail, the inbox event is "received, never enqueued" again: the sweeper retries it.
    await this.queue.enqueue([
      { id: letter.jobId, name: letter.jobName, data: letter.data as Record<string, unknown> },
    ]);
    if (letter.inboxEventId)
      await this.prisma.inboxEvent.update({ where: { id: letter.inboxEventId }, data: { enqueuedAt: new Date() } });
    return { kind: "replayed", deadLetterId, jobId: letter.jobId };
  }
}
