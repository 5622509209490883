import { z } from "zod";
import type { DeadLetter, PrismaClient } from "../generated/prisma/client.js";
import type { InboxStatus } from "../generated/prisma/enums.js";
import { mapInOrder } from "../lib/map-in-order.js";
import {
  type DeadLetterFilter,
  DeadLetterFilterError,
  type DeadLetterFilterInput,
  type FilterIssue,
  issuesOf,
  parseDeadLetterFilter,
  uuidList,
} from "./dead-letter-filter.js";
import { countMatching, findMatching } from "./matching-dead-letters.js";
import type { ReplayDeadLetter, ReplayResult } from "./replay-dead-letter.js";

export const DEFAULT_BULK_LIMIT = 500;
export const MAX_BULK_LIMIT = 5000;
/** Replays at once: enough to be quick, few enough that they start nearly in the order the jobs failed. */
const REPLAY_CONCURRENCY = 8;

/** replay or discard: done (or, in a dry run, what would be done); skip: left as it is; fail: tried, went wrong. */
export type BulkAction = "replay" | "discard" | "skip" | "fail";

export interface LetterOutcome {
  id: string;
  jobName: string;
  problemCode: string | null;
  system: string | null;
  deadAt: Date;
  action: BulkAction;
  /** Why it was skipped or failed. */
  reason: string | null;
}

export interface BulkResult {
  dryRun: boolean;
  /** Every dead letter the filter matches; at most `limit` of them, the oldest, are in `letters`. */
  matched: number;
  /** Counts of `letters` by action (in a dry run: what would happen). */
  replayed: number;
  discarded: number;
  skipped: number;
  failed: number;
  letters: LetterOutcome[];
}

export interface ReplayOptions {
  dryRun: boolean;
  /** How many matching letters, oldest first, this run handles: 500 by default, at most 5000. */
  limit?: number | null;
}

export interface DiscardOptions extends ReplayOptions {
  /** Why they need no replay; kept in the audit log by the GraphQL and CLI callers. */
  reason: string;
}

const replayOptions = z.object({
  limit: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_BULK_LIMIT, `must be at most ${MAX_BULK_LIMIT}`)
    .nullish()
    .transform((n) => n ?? DEFAULT_BULK_LIMIT),
});
const discardOptions = replayOptions.extend({
  reason: z.string("must say why").trim().min(1, "must say why").max(500, "must be at most 500 characters"),
});

/** The filter and the options, validated together: a refusal names every field at fault at once. */
function parseRequest<S extends typeof replayOptions | typeof discardOptions>(
  schema: S,
  filterInput: DeadLetterFilterInput,
  options: unknown,
): { filter: DeadLetterFilter; options: z.output<S> } {
  const issues: FilterIssue[] = [];
  let filter: DeadLetterFilter | undefined;
  try {
    filter = parseDeadLetterFilter(filterInput);
  } catch (err) {
    if (!(err instanceof DeadLetterFilterError)) throw err;
    issues.push(...err.issues);
  }
  const parsed = schema.safeParse(options);
  if (!parsed.success) issues.push(...issuesOf(parsed.error));
  if (!filter || !parsed.success) throw new DeadLetterFilterError(issues);
  return { filter, options: parsed.data as z.output<S> };
}

/** The number of letters a run handles: 500 when unset; a DeadLetterFilterError outside 1..5000. */
export function bulkLimit(limit?: number | null): number {
  const parsed = replayOptions.safeParse({ limit });
  if (!parsed.success) throw new DeadLetterFilterError(issuesOf(parsed.error));
  return parsed.data.limit;
}

const problemOf = (letter: DeadLetter) => {
  const problem = (letter.problem ?? {}) as { code?: unknown; system?: unknown };
  return {
    problemCode: typeof problem.code === "string" ? problem.code : null,
    system: typeof problem.system === "string" ? problem.system : null,
  };
};

/** One letter's line in a bulk result. */
export const outcome = (letter: DeadLetter, action: BulkAction, reason: string | null = null): LetterOutcome => ({
  id: letter.id,
  jobName: letter.jobName,
  ...problemOf(letter),
  deadAt: letter.deadAt,
  action,
  reason,
});

/** What a bulk replay needs of ReplayDeadLetter: its claim, which lets one replay of a letter win. */
export type Replayer = Pick<ReplayDeadLetter, "replay">;

const unfinished: InboxStatus[] = ["received", "processing", "retrying"];

/**
 * Acts on dead letters by filter: replays them (each through ReplayDeadLetter, whose claim lets only one replay of
 * a letter win, however many bulk replays run at once) or discards them, oldest first, so replays run in the order
 * things failed. A dry run reads only, and says per letter what a real run would do.
 */
export class BulkDeadLetters {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly replayer: Replayer,
  ) {}

  /** E.g. `replayMatching({ problemCode: "transient_exhausted", system: "erp" }, { dryRun: false })`. */
  async replayMatching(filterInput: DeadLetterFilterInput, options: ReplayOptions): Promise<BulkResult> {
    const { filter, options: parsed } = parseRequest(replayOptions, filterInput, options);
    const { matched, letters } = await this.matching(filter, parsed.limit);
    const skips = await this.replaySkips(letters);
    const act = async (letter: DeadLetter): Promise<LetterOutcome> => {
      const skip = skips.get(letter.id);
      if (skip) return outcome(letter, "skip", skip);
      if (options.dryRun) return outcome(letter, "replay");
      try {
        const result = await this.replayer.replay(letter.id);
        return result.kind === "replayed" ? outcome(letter, "replay") : outcome(letter, "skip", lostRace(result));
      } catch (err) {
        return outcome(letter, "fail", err instanceof Error ? err.message : String(err));
      }
    };
    return summarize(options.dryRun, matched, await mapInOrder(letters, REPLAY_CONCURRENCY, act));
  }

  /** Marks open dead letters discarded: they stay for the record and are never replayed by filter again. */
  async discardMatching(filterInput: DeadLetterFilterInput, options: DiscardOptions): Promise<BulkResult> {
    const { filter, options: parsed } = parseRequest(discardOptions, filterInput, options);
    const { matched, letters } = await this.matching(filter, parsed.limit);
    const open = letters.filter((l) => l.status === "open");
    // One statement, guarded by status: a letter replayed meanwhile is not discarded, and RETURNING says which were.
    const discarded =
      options.dryRun || open.length === 0
        ? new Set(open.map((l) => l.id))
        : new Set(
            (
              await this.prisma.$queryRaw<{ id: string }[]>`
                UPDATE "DeadLetter" SET status = 'discarded'
                WHERE status = 'open' AND id IN (${uuidList(open.map((l) => l.id))})
                RETURNING id`
            ).map((r) => r.id),
          );
    const outcomes = letters.map((letter) =>
      discarded.has(letter.id)
        ? outcome(letter, "discard")
        : outcome(letter, "skip", letter.status === "open" ? "changed meanwhile" : `not open (${letter.status})`),
    );
    return summarize(options.dryRun, matched, outcomes);
  }

  private async matching(filter: DeadLetterFilter, limit: number) {
    const [matched, letters] = await Promise.all([
      countMatching(this.prisma, filter),
      findMatching(this.prisma, filter, { order: "oldest", limit }),
    ]);
    return { matched, letters };
  }

  /** Why each letter that will not be replayed is skipped, by id; the rest would be replayed. */
  private async replaySkips(letters: DeadLetter[]): Promise<Map<string, string>> {
    const eventIds = letters.flatMap((l) => (l.status === "replayed" && l.inboxEventId ? [l.inboxEventId] : []));
    const events = eventIds.length
      ? await this.prisma.inboxEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, status: true } })
      : [];
    const eventStatus = new Map(events.map((e) => [e.id, e.status]));
    const skips = new Map<string, string>();
    const firstOfJob = new Map<string, string>();
    for (const letter of letters) {
      if (letter.status === "discarded") skips.set(letter.id, "discarded");
      else if (letter.status === "replayed") {
        const status = letter.inboxEventId ? eventStatus.get(letter.inboxEventId) : undefined;
        skips.set(letter.id, status && unfinished.includes(status) ? "already replaying" : "already replayed");
      } else if (firstOfJob.has(letter.jobId)) {
        // One job id runs once at a time: a second enqueue under it would do nothing.
        skips.set(letter.id, `same job as dead letter ${firstOfJob.get(letter.jobId)}`);
      } else firstOfJob.set(letter.jobId, letter.id);
    }
    return skips;
  }
}

/** A letter that was open when listed but that another replay (or a discard) took first. */
function lostRace(result: Exclude<ReplayResult, { kind: "replayed" }>): string {
  if (result.kind === "not_found") return "no longer exists";
  return result.status === "replayed" ? "already replaying" : result.status;
}

function summarize(dryRun: boolean, matched: number, letters: LetterOutcome[]): BulkResult {
  const count = (action: BulkAction) => letters.filter((l) => l.action === action).length;
  return {
    dryRun,
    matched,
    replayed: count("replay"),
    discarded: count("discard"),
    skipped: count("skip"),
    failed: count("fail"),
    letters,
  };
}
