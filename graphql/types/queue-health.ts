import { everyStore } from "../access.js";
import { builder } from "../builder.js";

interface QueueHealth {
  backend: string;
  waiting: number;
  active: number;
  delayed: number;
  openDeadLetters: number;
  unfinishedEvents: number;
  oldestUnfinishedAt: Date | null;
  parkedEvents: number;
  parkedJobs: number;
}

const QueueHealthRef = builder.objectRef<QueueHealth>("QueueHealth").implement({
  fields: (t) => ({
    backend: t.exposeString("backend", { description: "bullmq (Redis) or database (embedded)" }),
    waiting: t.exposeInt("waiting"),
    active: t.exposeInt("active"),
    delayed: t.exposeInt("delayed", { description: "Scheduled for later, mostly retries in backoff" }),
    openDeadLetters: t.exposeInt("openDeadLetters"),
    unfinishedEvents: t.exposeInt("unfinishedEvents", { description: "Inbox events received, processing or retrying" }),
    oldestUnfinishedAt: t.expose("oldestUnfinishedAt", { type: "DateTime", nullable: true }),
    parkedEvents: t.exposeInt("parkedEvents", {
      description: "Inbox events whose job waits for a system that is down (see incidents)",
    }),
    parkedJobs: t.exposeInt("parkedJobs", { description: "Jobs waiting for a system to answer again" }),
  }),
});

builder.queryField("queueHealth", (t) =>
  t.field({
    type: QueueHealthRef,
    authScopes: everyStore,
    resolve: async (_root, _args, { prisma, queue }) => {
      const unfinished = { status: { in: ["received" as const, "processing" as const, "retrying" as const] } };
      const [counts, openDeadLetters, unfinishedEvents, oldest, parkedEvents, parkedJobs] = await Promise.all([
        queue.counts(),
        prisma.deadLetter.count({ where: { status: "open" } }),
        prisma.inboxEvent.count({ where: unfinished }),
        prisma.inboxEvent.findFirst({
          where: unfinished,
          orderBy: { receivedAt: "asc" },
        }),
        prisma.inboxEvent.count({ where: { status: "parked" } }),
        prisma.parkedJob.count({ where: { releasedAt: null } }),
      ]);
      return {
        backend: queue.backend,
        ...counts,
        openDeadLetters,
        unfinishedEvents,
        oldestUnfinishedAt: oldest?.receivedAt ?? null,
        parkedEvents,
        parkedJobs,
      };
    },
  }),
);
