import { parseDeadLetterFilter } from "../../sidecar/src/dead-letters/dead-letter-filter.js";
import { findMatching } from "../../sidecar/src/dead-letters/matching-dead-letters.js";
import type { DeadLetter } from "../../sidecar/src/generated/prisma/client.js";
import { DeadLetterStatus } from "../../sidecar/src/generated/prisma/enums.js";
import { adminOnly, operationsData } from "../access.js";
import { badArgument, isUuid, uuidId } from "../arguments.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { DeadLetterFilterRef, filterInput, refusingBadFilters } from "./dead-letter-filter.js";
import { InboxEventRef } from "./inbox-event.js";

interface FailedAttempt {
  attempt: number;
  error: string;
  failedAt: string;
}

const DeadLetterStatusEnum = builder.enumType("DeadLetterStatus", { values: Object.values(DeadLetterStatus) });

const FailedAttemptRef = builder.objectRef<FailedAttempt>("FailedAttempt").implement({
  fields: (t) => ({
    attempt: t.exposeInt("attempt"),
    error: t.exposeString("error"),
    failedAt: t.field({ type: "DateTime", resolve: (a) => new Date(a.failedAt) }),
  }),
});

export const DeadLetterRef = builder.objectRef<DeadLetter>("DeadLetter").implement({
  description: "A job that failed permanently or ran out of attempts, kept with everything needed to replay it",
  authScopes: operationsData,
  fields: (t) => ({
    id: t.exposeID("id"),
    jobId: t.exposeString("jobId"),
    jobName: t.exposeString("jobName"),
    data: t.expose("data", { type: "JSON" }),
    error: t.exposeString("error"),
    suggestion: t.exposeString("suggestion", { nullable: true }),
    status: t.field({ type: DeadLetterStatusEnum, resolve: (d) => d.status }),
    deadAt: t.expose("deadAt", { type: "DateTime" }),
    replayedAt: t.expose("replayedAt", { type: "DateTime", nullable: true }),
    replayCount: t.exposeInt("replayCount"),
    attempts: t.field({ type: [FailedAttemptRef], resolve: (d) => d.attempts as unknown as FailedAttempt[] }),
    inboxEvent: t.field({
      type: InboxEventRef,
      nullable: true,
      resolve: (d, _args, { prisma }) =>
        d.inboxEventId ? prisma.inboxEvent.findUnique({ where: { id: d.inboxEventId } }) : null,
    }),
  }),
});

builder.queryFields((t) => ({
  deadLetters: t.connection({
    type: DeadLetterRef,
    authScopes: operationsData,
    description:
      "Newest first; every status unless a status or a filter is given (a filter's status is open when unset)",
    args: {
      status: t.arg({ type: DeadLetterStatusEnum }),
      filter: t.arg({ type: DeadLetterFilterRef }),
    },
    resolve: (_root, args, { prisma }) =>
      refusingBadFilters(async () => {
        if (args.status && args.filter?.status) throw badArgument("status", "is given twice: use filter.status alone");
        const filter = parseDeadLetterFilter({
          ...filterInput(args.filter),
          status: args.status ?? args.filter?.status ?? (args.filter ? undefined : "any"),
        });
        const size = pageSize(args);
        const after = parseAfter(args.after, isUuid);
        const rows = await findMatching(prisma, filter, { order: "newest", limit: size + 1, after });
        return toConnection(rows, size, (d) => d.deadAt);
      }),
  }),
}));

interface ReplayOutcome {
  replayed: boolean;
  message: string;
  jobId: string | null;
}

const ReplayDeadLetterPayload = builder.objectRef<ReplayOutcome>("ReplayDeadLetterPayload").implement({
  fields: (t) => ({
    replayed: t.exposeBoolean("replayed"),
    message: t.exposeString("message"),
    jobId: t.exposeString("jobId", { nullable: true }),
  }),
});

builder.mutationFields((t) => ({
  replayDeadLetter: t.field({
    type: ReplayDeadLetterPayload,
    authScopes: adminOnly,
    description: "Sends an open dead letter back to the queue under its original job id",
    args: { id: t.arg.id({ required: true, ...uuidId }) },
    resolve: async (_root, { id }, { replayDeadLetter }) => {
      const result = await replayDeadLetter.replay(String(id));
      switch (result.kind) {
        case "replayed":
          return { replayed: true, message: "queued for replay", jobId: result.jobId };
        case "not_found":
          return { replayed: false, message: `no dead letter ${id}`, jobId: null };
        case "not_open":
          return { replayed: false, message: `dead letter is ${result.status}, not open`, jobId: null };
      }
    },
  }),
}));
