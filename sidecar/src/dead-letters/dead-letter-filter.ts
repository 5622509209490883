import { z } from "zod";
import { Prisma } from "../generated/prisma/client.js";
import { DeadLetterStatus } from "../generated/prisma/enums.js";

export interface FilterIssue {
  /** The input field at fault (deadBefore, ids.0, limit, reason), empty when it is the whole input. */
  field: string;
  message: string;
}

/** A filter, a limit or a reason that cannot be used: nothing was read or changed, and the message says why. */
export class DeadLetterFilterError extends Error {
  override name = "DeadLetterFilterError";
  constructor(readonly issues: FilterIssue[]) {
    super(describeIssues(issues));
  }
}

/**
 * One line naming each field at fault, e.g. `deadBefore must be later than deadAfter; ids.0 must be UUIDs`;
 * `nameOf` names a field as the caller knows it (the CLI's options).
 */
export const describeIssues = (issues: FilterIssue[], nameOf: (field: string) => string = (f) => f) =>
  [...new Set(issues.map((i) => (i.field ? `${nameOf(i.field)} ${i.message}` : i.message)))].join("; ");

/** zod's issues as FilterIssues. */
export const issuesOf = (error: z.ZodError): FilterIssue[] =>
  error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const controlCharacter = /[\u0000-\u001f\u007f]/;
/** A name to compare with (job, code, system, event type): PostgreSQL text refuses NUL, and no name has a tab. */
const name = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => !controlCharacter.test(s), "must not contain control characters");

const earliest = new Date("0001-01-01T00:00:00.000Z");
const latest = new Date("9999-12-31T23:59:59.999Z");
/** A Date, or an ISO 8601 string, of an instant PostgreSQL stores. */
const instant = z.coerce
  .date("must be a date, such as 2026-12-01T00:00:00Z")
  .min(earliest, "must be a year from 1 to 9999")
  .max(latest, "must be a year from 1 to 9999");

export const deadLetterStatuses = [...Object.values(DeadLetterStatus), "any"] as const;

const filterSchema = z
  .strictObject({
    /** open unless said otherwise; `any` for every status. With `ids`, any: each id named gets an answer. */
    status: z.enum(deadLetterStatuses).optional(),
    jobName: name.optional(),
    /** problem->>'code', e.g. mapping_failed, transient_exhausted. */
    problemCode: name.optional(),
    /** problem->>'system': stripe, nop, erp, wms, ... */
    system: name.optional(),
    /** The type of the inbox event the dead job was processing (charge.refunded, order.paid, ...). */
    eventType: name.optional(),
    /** deadAt >= deadAfter. */
    deadAfter: instant.optional(),
    /** deadAt < deadBefore. */
    deadBefore: instant.optional(),
    /** A case-insensitive part of the error text. */
    errorContains: name.optional(),
    ids: z.array(z.uuid("must be UUIDs")).min(1, "must name at least one id").max(5000).optional(),
    /** replayCount < this: letters replayed fewer times (automatic replays stop at a cap and leave the rest to a person). */
    replayedFewerThan: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
  })
  .refine((f) => !f.deadAfter || !f.deadBefore || f.deadAfter < f.deadBefore, {
    message: "must be later than deadAfter",
    path: ["deadBefore"],
  })
  .transform((f) => ({ ...f, status: f.status ?? (f.ids ? "any" : "open") }));

/** What a caller may pass: every field optional; dates as Date or ISO text. */
export type DeadLetterFilterInput = z.input<typeof filterSchema>;
/** A validated filter: `status` always set. */
export type DeadLetterFilter = z.output<typeof filterSchema>;

/** Validates untrusted filter input (GraphQL, the CLI, a caller); throws DeadLetterFilterError. */
export function parseDeadLetterFilter(input: unknown): DeadLetterFilter {
  const parsed = filterSchema.safeParse(withoutNulls(input ?? {}));
  if (!parsed.success) throw new DeadLetterFilterError(issuesOf(parsed.error));
  return parsed.data;
}

/** GraphQL sends an unset input field as null; here null and absent mean the same: no condition. */
function withoutNulls(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

/** `$1::uuid, $2::uuid, ...`: parameters compared with a uuid column, as PostgreSQL needs them typed. */
export const uuidList = (ids: string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

/** LIKE's wildcards and its escape character, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The filter as a condition on `"DeadLetter" d`. SQL rather than a Prisma `where`: the event type lives on the
 * inbox event, which DeadLetter has no relation to, and the problem's fields are jsonb keys.
 */
export function deadLetterCondition(filter: DeadLetterFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.status !== "any") conditions.push(Prisma.sql`d.status = ${filter.status}::"DeadLetterStatus"`);
  if (filter.jobName) conditions.push(Prisma.sql`d."jobName" = ${filter.jobName}`);
  if (filter.problemCode) conditions.push(Prisma.sql`d.problem->>'code' = ${filter.problemCode}`);
  if (filter.system) conditions.push(Prisma.sql`d.problem->>'system' = ${filter.system}`);
  if (filter.eventType)
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "InboxEvent" e WHERE e.id = d."inboxEventId" AND e.type = ${filter.eventType})`,
    );
  if (filter.deadAfter) conditions.push(Prisma.sql`d."deadAt" >= ${filter.deadAfter}`);
  if (filter.deadBefore) conditions.push(Prisma.sql`d."deadAt" < ${filter.deadBefore}`);
  if (filter.errorContains) conditions.push(Prisma.sql`d.error ILIKE ${`%${likeLiteral(filter.errorContains)}%`}`);
  if (filter.ids) conditions.push(Prisma.sql`d.id IN (${uuidList(filter.ids)})`);
  if (filter.replayedFewerThan !== undefined)
    conditions.push(Prisma.sql`d."replayCount" < ${filter.replayedFewerThan}`);
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}
