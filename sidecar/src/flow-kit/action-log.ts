import { randomUUID } from "node:crypto";
import type { SqlRunner } from "../db/migrate.js";
import type { ActionKey } from "./action-key.js";

/** What happened to an aggregate: an event seen, an action done, or a decision taken. */
export interface LogEntry {
  key: ActionKey;
  aggregate: string;
  kind: "event" | "action" | "decision";
  name: string;
  detail: Record<string, unknown>;
  /** Default: when it is written. */
  at?: Date;
}

/** An entry as stored, for read models. */
export interface StoredLogEntry extends Required<LogEntry> {
  flow: string;
}

const insertColumns = `INSERT INTO "ActionLogEntry" (id, key, flow, aggregate, kind, name, detail, at)`;

/**
 * One table for every flow's events and actions (`ActionLogEntry`, unique on key). An action whose key is there
 * has been done and is never done again. Flows that store a change and its entry in one statement compose
 * `loggedWith` into their own SQL.
 */
export class ActionLog {
  constructor(
    private readonly sql: SqlRunner,
    readonly flow: string,
  ) {}

  /** False when an entry with this key exists already. `sql`: a transaction to write in. */
  async record(entry: LogEntry, sql: SqlRunner = this.sql): Promise<boolean> {
    const { rows } = await sql.query(
      `${insertColumns} VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, coalesce($8::timestamptz, now()))
       ON CONFLICT (key) DO NOTHING RETURNING 1 AS inserted`,
      entryValues(this.flow, entry),
    );
    return rows.length === 1;
  }

  /** Every entry of these aggregates, oldest first. */
  async entries(aggregates: readonly string[]): Promise<StoredLogEntry[]> {
    if (aggregates.length === 0) return [];
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.at), '[]') AS entries FROM (SELECT key, flow, aggregate, kind,
         name, detail, at FROM "ActionLogEntry" WHERE flow = $1 AND aggregate = ANY($2::text[])) r`,
      [this.flow, aggregates],
    );
    const stored = (rows[0] as { entries: (Omit<StoredLogEntry, "at"> & { at: string })[] }).entries;
    return stored.map((e) => ({ ...e, at: new Date(e.at) }));
  }
}

const entryValues = (flow: string, entry: LogEntry) => [
  randomUUID(),
  entry.key,
  flow,
  entry.aggregate,
  entry.kind,
  entry.name,
  JSON.stringify(entry.detail),
  entry.at?.toISOString() ?? null,
];

/**
 * A log entry written by the same statement as a change (a data-modifying WITH), so the change and the entry
 * that marks it done are stored together or not at all. `first`: the number of its first parameter. Use `with`
 * before an UPDATE or INSERT, or `cte` (ends with a comma) as the first of several CTEs.
 */
export function loggedWith(flow: string, entry: LogEntry | undefined, first: number) {
  if (!entry) return { with: "", cte: "", params: [] };
  const p = (i: number) => `$${first + i}`;
  const cte = `logged AS (${insertColumns} VALUES (${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)},
    ${p(6)}::jsonb, coalesce(${p(7)}::timestamptz, now())) ON CONFLICT (key) DO NOTHING),`;
  return { with: `WITH ${cte.slice(0, -1)}`, cte, params: entryValues(flow, entry) };
}

/** SQL for the keys of the actions done on an aggregate, as a jsonb array (flow and aggregate as parameters). */
export const doneKeysSql = (flow: string, aggregate: string) =>
  `(SELECT coalesce(jsonb_agg(key), '[]') FROM "ActionLogEntry"
     WHERE flow = ${flow} AND aggregate = ${aggregate} AND kind = 'action')`;
