import type { Config } from "../config.js";
import {
  BulkDeadLetters,
  type BulkResult,
  bulkLimit,
  type LetterOutcome,
  type Replayer,
} from "../dead-letters/bulk-replay.js";
import {
  DeadLetterFilterError,
  type DeadLetterFilterInput,
  deadLetterStatuses,
  describeIssues,
  parseDeadLetterFilter,
} from "../dead-letters/dead-letter-filter.js";
import { countMatching, findMatching } from "../dead-letters/matching-dead-letters.js";
import { ReplayDeadLetter } from "../dead-letters/replay-dead-letter.js";
import type { DeadLetter, PrismaClient } from "../generated/prisma/client.js";
import { openJobQueue } from "../jobs/open-job-queue.js";
import type { Logger } from "../logger.js";
import { adminCommand, CommandFailed, type CommandIo, parseDuration, runAudited } from "./command-support.js";

export const deadLettersUsage = `usage: sidecar dead-letters <list|replay|discard> [filters]
  list                                  the matching dead letters, oldest first (--limit N: 500, at most 5000)
  replay  [--dry-run] [--limit N]       re-enqueues each under its original job id, oldest first; the dry run
                                        says per letter what would happen and changes nothing
  discard --reason <why> [--dry-run]    marks the open ones discarded (kept, never replayed)
  filters: --status <${deadLetterStatuses.join("|")}> (open unless given)  --job <job name>  --code <problem code>
           --system <system>  --event-type <inbox event type>  --since <time>  --until <time>  --error <text>
           --id <id,id>    times: ISO 8601 (2026-12-01T08:00:00Z) or an age (90m, 24h, 2d); --json for scripts`;

/** Each option by the filter field (or bulk option) it sets, to name the option in a refusal. */
const optionOf: Record<string, string> = {
  status: "--status",
  jobName: "--job",
  problemCode: "--code",
  system: "--system",
  eventType: "--event-type",
  deadAfter: "--since",
  deadBefore: "--until",
  errorContains: "--error",
  ids: "--id",
  limit: "--limit",
  reason: "--reason",
};
const optionNamed = (field: string) => optionOf[field.split(".")[0]!] ?? field;

const filterOptions = {
  status: { type: "string" },
  job: { type: "string" },
  code: { type: "string" },
  system: { type: "string" },
  "event-type": { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  error: { type: "string" },
  id: { type: "string" },
  limit: { type: "string" },
  json: { type: "boolean" },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** `--since 24h` is 24 hours ago; anything else is a date for the filter to check. */
function instantArg(value: string | boolean | undefined, option: string): Date | string | undefined {
  if (typeof value !== "string") return undefined;
  if (!/^\d+[smhd]?$/.test(value.trim())) return value;
  return new Date(Date.now() - parseDuration(value, option) * 1000);
}

const text = (value: string | boolean | undefined) => (typeof value === "string" ? value : undefined);

function filterFrom(values: Values): DeadLetterFilterInput {
  const ids = text(values.id)
    ?.split(",")
    .map((id) => id.trim());
  const filter = {
    status: text(values.status),
    jobName: text(values.job),
    problemCode: text(values.code),
    system: text(values.system),
    eventType: text(values["event-type"]),
    deadAfter: instantArg(values.since, "--since"),
    deadBefore: instantArg(values.until, "--until"),
    errorContains: text(values.error),
    ids,
  };
  // Only what was given: the audit log then shows the filter as typed.
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as DeadLetterFilterInput;
}

function limitFrom(values: Values): number | undefined {
  const limit = text(values.limit);
  if (limit === undefined) return undefined;
  if (!/^\d+$/.test(limit.trim())) throw new CommandFailed(`--limit must be a whole number, not "${limit}"`);
  return Number(limit);
}

/**
 * Runs one audited subcommand on the filter the options give; a refused filter, limit or reason is the user's to
 * fix (exit 1, audited as an error), and nothing has changed.
 */
function runDeadLetters(
  config: Config,
  logger: Logger,
  io: CommandIo,
  line: { sub: string; values: Values },
  work: (prisma: PrismaClient, filter: DeadLetterFilterInput) => Promise<Record<string, unknown>>,
) {
  return runAudited(config, logger, io, `cli:dead-letters ${line.sub}`, async ({ prisma }) => {
    try {
      return { detail: await work(prisma, filterFrom(line.values)) };
    } catch (err) {
      if (err instanceof DeadLetterFilterError) throw new CommandFailed(describeIssues(err.issues, optionNamed));
      throw err;
    }
  });
}

const cell = (value: string | null | undefined, width = 0) => (value ?? "-").slice(0, width || undefined);
const oneLine = (value: string) => value.replace(/\s+/g, " ");

async function listLetters(prisma: PrismaClient, io: CommandIo, values: Values, filterInput: DeadLetterFilterInput) {
  const filter = parseDeadLetterFilter(filterInput);
  const limit = bulkLimit(limitFrom(values));
  const [matched, letters] = await Promise.all([
    countMatching(prisma, filter),
    findMatching(prisma, filter, { order: "oldest", limit }),
  ]);
  const eventTypes = await eventTypesOf(prisma, letters);
  if (values.json) {
    const rows = letters.map((l) => ({ ...l, eventType: l.inboxEventId ? eventTypes.get(l.inboxEventId) : null }));
    io.out(JSON.stringify({ matched, letters: rows }));
  } else {
    io.out("id  deadAt  status  jobName  code  system  eventType  error");
    for (const l of letters) {
      const problem = (l.problem ?? {}) as { code?: string; system?: string };
      const type = l.inboxEventId ? eventTypes.get(l.inboxEventId) : undefined;
      const fields = [l.id, l.deadAt.toISOString(), l.status, l.jobName, problem.code, problem.system, type];
      io.out([...fields.map((f) => cell(f)), cell(oneLine(l.error), 100)].join("  "));
    }
    io.out(`${matched} matching${matched > letters.length ? `; the oldest ${letters.length} shown` : ""}`);
  }
  return { filter: filterInput, limit, matched, listed: letters.length };
}

async function eventTypesOf(prisma: PrismaClient, letters: DeadLetter[]): Promise<Map<string, string>> {
  const ids = letters.flatMap((l) => (l.inboxEventId ? [l.inboxEventId] : []));
  if (ids.length === 0) return new Map();
  const events = await prisma.inboxEvent.findMany({ where: { id: { in: ids } }, select: { id: true, type: true } });
  return new Map(events.map((e) => [e.id, e.type]));
}

const describeOutcome = (o: LetterOutcome) =>
  [o.id, o.deadAt.toISOString(), o.reason ? `${o.action}: ${o.reason}` : o.action, o.jobName, o.problemCode, o.system]
    .map((f) => cell(f))
    .join("  ");

/** The table (or JSON) of a bulk run, its one-line summary, and what the audit entry keeps of it. */
function report(io: CommandIo, values: Values, result: BulkResult, verb: "replayed" | "discarded") {
  if (values.json) io.out(JSON.stringify(result));
  else {
    io.out("id  deadAt  outcome  jobName  code  system");
    for (const letter of result.letters) io.out(describeOutcome(letter));
    const done = verb === "replayed" ? result.replayed : result.discarded;
    const handled = `${result.letters.length} of ${result.matched} matching`;
    io.out(
      result.dryRun
        ? `dry run, nothing changed: ${handled}; ${done} would be ${verb}, ${result.skipped} skipped`
        : `${handled}: ${done} ${verb}, ${result.skipped} skipped, ${result.failed} failed`,
    );
  }
  const { letters, ...counts } = result;
  if (result.failed > 0) throw new CommandFailed(`${result.failed} of ${letters.length} failed: see their reasons`);
  return { ...counts, ids: letters.filter((l) => l.action !== "skip").map((l) => l.id) };
}

/** In a dry run nothing is replayed, so no queue is opened (Redis may be the very thing that is down). */
const noReplays: Replayer = { replay: () => Promise.reject(new Error("a dry run replays nothing")) };

/** `sidecar dead-letters list|replay|discard`: each run is audited as the person at the command line. */
export const runDeadLettersCommand = adminCommand(
  "dead-letters",
  deadLettersUsage,
  {
    list: { options: filterOptions },
    replay: { options: { ...filterOptions, "dry-run": { type: "boolean" } } },
    discard: { options: { ...filterOptions, "dry-run": { type: "boolean" }, reason: { type: "string" } } },
  },
  async (line, config, logger, io) => {
    const { values } = line;
    const dryRun = values["dry-run"] === true;
    switch (line.sub) {
      case "list":
        return runDeadLetters(config, logger, io, line, (prisma, filter) => listLetters(prisma, io, values, filter));
      case "replay":
        return runDeadLetters(config, logger, io, line, async (prisma, filter) => {
          const limit = limitFrom(values);
          const queue = dryRun ? undefined : await openJobQueue(config, prisma);
          try {
            const replayer = queue ? new ReplayDeadLetter(prisma, queue) : noReplays;
            const result = await new BulkDeadLetters(prisma, replayer).replayMatching(filter, { dryRun, limit });
            return { filter, limit: limit ?? null, ...report(io, values, result, "replayed") };
          } finally {
            await queue?.close();
          }
        });
      case "discard":
        return runDeadLetters(config, logger, io, line, async (prisma, filter) => {
          const reason = text(values.reason) ?? "";
          const limit = limitFrom(values);
          const options = { dryRun, reason, limit };
          const result = await new BulkDeadLetters(prisma, noReplays).discardMatching(filter, options);
          return { filter, reason, limit: limit ?? null, ...report(io, values, result, "discarded") };
        });
    }
  },
);
