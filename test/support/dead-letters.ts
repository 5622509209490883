import { randomUUID } from "node:crypto";
import type { DeadLetter, PrismaClient } from "../../sidecar/src/generated/prisma/client.js";
import type { DeadLetterStatus } from "../../sidecar/src/generated/prisma/enums.js";
import { processInboxJob } from "../../sidecar/src/inbox/inbox-event.js";

export interface SeededLetter {
  /** The inbox event's type (the stored event is a dead Stripe event). */
  type: string;
  problem?: { code: string; system?: string };
  error?: string;
  deadAt?: Date;
  status?: DeadLetterStatus;
}

/**
 * A dead inbox event and its dead letter, as the job runner leaves them when the job processing the event fails
 * for good: replaying it re-enqueues the inbox job under the event's id.
 */
export async function seedDeadLetter(prisma: PrismaClient, letter: SeededLetter): Promise<DeadLetter> {
  const event = await prisma.inboxEvent.create({
    data: {
      source: "stripe",
      eventId: `evt_${randomUUID().replaceAll("-", "")}`,
      type: letter.type,
      payload: {},
      status: "dead",
      processedAt: new Date(),
    },
  });
  return prisma.deadLetter.create({
    data: {
      jobId: event.id,
      jobName: processInboxJob,
      data: { inboxEventId: event.id },
      inboxEventId: event.id,
      error: letter.error ?? "Error: something failed",
      attempts: [],
      status: letter.status ?? "open",
      ...(letter.deadAt ? { deadAt: letter.deadAt } : {}),
      ...(letter.problem ? { problem: letter.problem } : {}),
    },
  });
}

/** Every dead letter and its inbox event as stored, to compare before and after something that must not write. */
export const snapshotDeadLetters = async (prisma: PrismaClient) => ({
  letters: await prisma.deadLetter.findMany({ orderBy: { id: "asc" } }),
  events: await prisma.inboxEvent.findMany({ orderBy: { id: "asc" } }),
  jobs: await prisma.job.findMany({ orderBy: { id: "asc" } }),
});
