import type { Config } from "../config.js";

/**
 * One table the pruner keeps short: which rows are due (older than `keepMs`, and finished where that matters) and
 * in what order they go (oldest first). The tables not listed here are never pruned: the action log (the flows'
 * memory of what they did: pruning it would let an action run twice), the order-to-cash tables, the vault and the
 * API tokens.
 */
export interface RetentionPolicy {
  /** Metric label and export file name. */
  name: "inbox" | "job_failures" | "dead_letters" | "audit";
  table: string;
  /** The row's age is measured on this column; its index makes "oldest first, LIMIT n" cheap. */
  timeColumn: string;
  /** A condition over alias `t` besides age: what must be true for a row to be finished with. */
  finished?: string;
  keepMs: number;
}

/**
 * Finished inbox events: an explicit list, so a status added later (parked, say) is unfinished until it is named
 * here. A dead event goes only once no open dead letter refers to it (an open one may still be replayed).
 */
const finishedInboxEvent = `t.status IN ('processed', 'ignored')
  OR (t.status = 'dead' AND NOT EXISTS (
    SELECT 1 FROM "DeadLetter" d WHERE d."inboxEventId" = t.id AND d.status = 'open'))`;

type RetentionSettings = Pick<
  Config,
  "RETENTION_INBOX" | "RETENTION_JOB_FAILURES" | "RETENTION_DEAD_LETTERS" | "RETENTION_AUDIT" | "DEDUP_WINDOW"
>;

/** The policies the settings ask for; a table whose retention is off is left out. */
export function retentionPolicies(settings: RetentionSettings): RetentionPolicy[] {
  const policies: (RetentionPolicy | false)[] = [
    settings.RETENTION_INBOX !== null && {
      name: "inbox",
      table: "InboxEvent",
      timeColumn: "receivedAt",
      finished: finishedInboxEvent,
      // The (source, eventId) row is what recognises a redelivery: it outlives the deduplication window.
      keepMs: Math.max(settings.RETENTION_INBOX, settings.DEDUP_WINDOW),
    },
    settings.RETENTION_JOB_FAILURES !== null && {
      name: "job_failures",
      table: "JobFailure",
      timeColumn: "failedAt",
      keepMs: settings.RETENTION_JOB_FAILURES,
    },
    settings.RETENTION_DEAD_LETTERS !== null && {
      name: "dead_letters",
      table: "DeadLetter",
      timeColumn: "deadAt",
      finished: `t.status IN ('replayed', 'discarded')`,
      keepMs: settings.RETENTION_DEAD_LETTERS,
    },
    settings.RETENTION_AUDIT !== null && {
      name: "audit",
      table: "AuditEntry",
      timeColumn: "at",
      keepMs: settings.RETENTION_AUDIT,
    },
  ];
  return policies.filter((p): p is RetentionPolicy => p !== false);
}

const dueRows = (p: RetentionPolicy) =>
  `t."${p.timeColumn}" < $1::timestamptz${p.finished ? ` AND (${p.finished})` : ""}`;

/**
 * Deletes at most $2 due rows, oldest first, and returns them whole (for the export). SKIP LOCKED: a row that
 * ingest or a worker holds is left for the next run instead of waited for.
 */
export const deleteBatchSql = (p: RetentionPolicy) =>
  `DELETE FROM "${p.table}" WHERE id IN (
     SELECT t.id FROM "${p.table}" t WHERE ${dueRows(p)}
     ORDER BY t."${p.timeColumn}" LIMIT $2::int FOR UPDATE SKIP LOCKED)
   RETURNING *`;

/** What a run would delete now: how many rows and the oldest one's time (dry run). */
export const countDueSql = (p: RetentionPolicy) =>
  `SELECT count(*)::int AS rows, min(t."${p.timeColumn}") AS oldest FROM "${p.table}" t WHERE ${dueRows(p)}`;
