import type { SqlRunner } from "../db/migrate.js";
import type { JobAttempt, JobSpec } from "../jobs/job-queue.js";

/** A parked job as read for release: `parkings` says which parking the release ends. */
interface ParkedRow {
  id: string;
  name: string;
  data: Record<string, unknown>;
  parkings: number;
}

const inboxIdOf = (data: Record<string, unknown>) =>
  typeof data.inboxEventId === "string" ? data.inboxEventId : undefined;

/**
 * Jobs set aside while the system they need is down, in the order they were first parked. A job parked again
 * keeps its place; its inbox event (when it is one's job) shows `parked` meanwhile.
 */
export class ParkedJobs {
  constructor(
    private readonly sql: SqlRunner,
    private readonly transaction: <T>(work: (sql: SqlRunner) => Promise<T>) => Promise<T>,
  ) {}

  async park(job: JobAttempt, system: string, reason: string): Promise<void> {
    const inboxEventId = inboxIdOf(job.data);
    await this.transaction(async (sql) => {
      await sql.query(
        `INSERT INTO "ParkedJob" (id, system, name, data, reason) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET system = EXCLUDED.system, reason = EXCLUDED.reason, "releasedAt" = NULL,
           parkings = "ParkedJob".parkings + 1`,
        [job.id, system, job.name, JSON.stringify(job.data), reason],
      );
      if (inboxEventId)
        await sql.query(
          `UPDATE "InboxEvent" SET status = 'parked', "lastError" = $2, "nextAttemptAt" = NULL
           WHERE id = $1::uuid AND status NOT IN ('processed', 'ignored', 'dead')`,
          [inboxEventId, reason],
        );
    });
  }

  /** Systems with jobs waiting, and how many. */
  async waiting(): Promise<Map<string, number>> {
    const { rows } = await this.sql.query(
      `SELECT system, count(*)::int AS count FROM "ParkedJob" WHERE "releasedAt" IS NULL GROUP BY system`,
    );
    return new Map((rows as { system: string; count: number }[]).map((row) => [row.system, row.count]));
  }

  /**
   * Hands the oldest `limit` jobs waiting for `system` to `enqueue`, then marks them released. Enqueued first:
   * a crash in between leaves them parked, to be enqueued again (same job ids: idempotent), never lost.
   */
  async release(system: string, limit: number, enqueue: (jobs: JobSpec[]) => Promise<void>): Promise<number> {
    const { rows } = await this.sql.query(
      `SELECT id, name, data, parkings FROM "ParkedJob" WHERE system = $1 AND "releasedAt" IS NULL
       ORDER BY seq LIMIT $2`,
      [system, limit],
    );
    const parked = rows as ParkedRow[];
    if (parked.length === 0) return 0;
    await enqueue(parked.map(({ id, name, data }) => ({ id, name, data })));
    // Only the parkings read above: a job that ran and was parked again meanwhile stays parked.
    await this.sql.query(
      `WITH released AS (
         UPDATE "ParkedJob" p SET "releasedAt" = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, parkings int)
         WHERE p.id = r.id AND p.parkings = r.parkings AND p."releasedAt" IS NULL
         RETURNING p.data->>'inboxEventId' AS "inboxEventId")
       UPDATE "InboxEvent" SET status = 'received', "enqueuedAt" = now()
       WHERE id IN (SELECT "inboxEventId"::uuid FROM released WHERE "inboxEventId" IS NOT NULL) AND status = 'parked'`,
      [JSON.stringify(parked.map(({ id, parkings }) => ({ id, parkings })))],
    );
    return parked.length;
  }

  /** Released long enough ago that a new parking would be a new outage: the line forgets them. */
  async forgetReleasedBefore(before: Date): Promise<void> {
    await this.sql.query(`DELETE FROM "ParkedJob" WHERE "releasedAt" < $1`, [before]);
  }
}
