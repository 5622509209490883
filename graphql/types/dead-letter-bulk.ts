import {
  BulkDeadLetters,
  type BulkResult,
  DEFAULT_BULK_LIMIT,
  type LetterOutcome,
  MAX_BULK_LIMIT,
} from "../../sidecar/src/dead-letters/bulk-replay.js";
import { adminOnly } from "../access.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { DeadLetterFilterRef, filterInput, refusingBadFilters } from "./dead-letter-filter.js";

// Replaying or discarding dead letters by filter, for admins; audited like every mutation (audit-mutations.ts).

const BulkActionEnum = builder.enumType("DeadLetterBulkAction", {
  description: "replay or discard: done, or in a dry run what would be done; skip: left as it is; fail: went wrong",
  values: ["replay", "discard", "skip", "fail"] as const,
});

export const LetterOutcomeRef = builder.objectRef<LetterOutcome>("DeadLetterBulkOutcome").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    jobName: t.exposeString("jobName"),
    problemCode: t.exposeString("problemCode", { nullable: true }),
    system: t.exposeString("system", { nullable: true }),
    deadAt: t.expose("deadAt", { type: "DateTime" }),
    action: t.field({ type: BulkActionEnum, resolve: (o) => o.action }),
    reason: t.exposeString("reason", { nullable: true, description: "Why it was skipped or failed" }),
  }),
});

const BulkPayloadRef = builder.objectRef<BulkResult>("DeadLetterBulkPayload").implement({
  description: "Counts of the letters handled, oldest first, by action; in a dry run, what a real run would do",
  fields: (t) => ({
    dryRun: t.exposeBoolean("dryRun"),
    matched: t.exposeInt("matched", { description: "Every dead letter the filter matches, beyond the limit too" }),
    replayed: t.exposeInt("replayed"),
    discarded: t.exposeInt("discarded"),
    skipped: t.exposeInt("skipped"),
    failed: t.exposeInt("failed"),
    letters: t.field({ type: [LetterOutcomeRef], resolve: (r) => r.letters }),
  }),
});

const limitDescription = `How many, oldest first: ${DEFAULT_BULK_LIMIT} when unset, at most ${MAX_BULK_LIMIT}`;

const bulk = ({ prisma, replayDeadLetter }: GraphqlContext) => new BulkDeadLetters(prisma, replayDeadLetter);

builder.mutationFields((t) => ({
  replayDeadLetters: t.field({
    type: BulkPayloadRef,
    authScopes: adminOnly,
    description:
      "Replays the dead letters a filter matches, oldest first, each under its original job id; a dry run (the default) changes nothing",
    args: {
      filter: t.arg({ type: DeadLetterFilterRef, required: true }),
      dryRun: t.arg.boolean({ required: true, defaultValue: true }),
      limit: t.arg.int({ description: limitDescription }),
    },
    resolve: (_root, { filter, dryRun, limit }, context) =>
      refusingBadFilters(() => bulk(context).replayMatching(filterInput(filter), { dryRun, limit })),
  }),
  discardDeadLetters: t.field({
    type: BulkPayloadRef,
    authScopes: adminOnly,
    description:
      "Marks the open dead letters a filter matches discarded (kept, never replayed); the reason is kept in the audit log",
    args: {
      filter: t.arg({ type: DeadLetterFilterRef, required: true }),
      dryRun: t.arg.boolean({ required: true, defaultValue: true }),
      reason: t.arg.string({ required: true }),
      limit: t.arg.int({ description: limitDescription }),
    },
    resolve: (_root, { filter, dryRun, reason, limit }, context) =>
      refusingBadFilters(() => bulk(context).discardMatching(filterInput(filter), { dryRun, reason, limit })),
  }),
}));
