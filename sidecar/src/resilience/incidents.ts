import type { SqlRunner } from "../db/migrate.js";

/**
 * Incidents shared by every process on the database: an outage seen by three workers is one incident, opened
 * by whichever saw it first and ended by whichever saw it end, so each start and each end is told once.
 */
export class Incidents {
  constructor(private readonly sql: SqlRunner) {}

  /** Opens the incident unless it is open already: true for the one caller that opened it. */
  async open(key: string, detail: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "Incident" (key, "openKey", detail) VALUES ($1, $1, $2)
       ON CONFLICT ("openKey") DO NOTHING RETURNING id`,
      [key, detail.slice(0, 1000)],
    );
    return rows.length > 0;
  }

  /** Ends it: when it started, for the one caller that ended it; undefined when none was open. */
  async close(key: string): Promise<Date | undefined> {
    const { rows } = await this.sql.query(
      `UPDATE "Incident" SET "openKey" = NULL, "endedAt" = now() WHERE "openKey" = $1 RETURNING "startedAt"`,
      [key],
    );
    return (rows[0] as { startedAt: Date } | undefined)?.startedAt;
  }

  async openKeys(): Promise<Set<string>> {
    const { rows } = await this.sql.query(`SELECT key FROM "Incident" WHERE "openKey" IS NOT NULL`);
    return new Set((rows as { key: string }[]).map((row) => row.key));
  }
}
