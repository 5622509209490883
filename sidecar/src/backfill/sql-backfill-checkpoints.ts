import type { SqlRunner } from "../db/migrate.js";
import type { BackfillCheckpoint, BackfillCheckpoints } from "./paged-backfill.js";

/** The tables that hold backfill checkpoints; each has the same columns (prisma/schema.prisma). */
export type CheckpointTable = "CustomerBackfill" | "SubscriptionBackfill";

/** Checkpoints in one of the backfill tables, one statement each, on both backends. */
export class SqlBackfillCheckpoints implements BackfillCheckpoints {
  constructor(
    private readonly sql: SqlRunner,
    private readonly table: CheckpointTable,
  ) {}

  async checkpoint(name: string): Promise<BackfillCheckpoint | undefined> {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(b) AS b FROM (SELECT name, "pageSize", "nextPageIndex", processed, "totalCount",
         "finishedAt" IS NOT NULL AS finished FROM "${this.table}" WHERE name = $1) b`,
      [name],
    );
    return (rows[0] as { b: BackfillCheckpoint } | undefined)?.b;
  }

  async saveCheckpoint(c: BackfillCheckpoint): Promise<void> {
    await this.sql.query(
      `INSERT INTO "${this.table}" (name, "pageSize", "nextPageIndex", processed, "totalCount", "finishedAt")
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END)
       ON CONFLICT (name) DO UPDATE SET "pageSize" = $2, "nextPageIndex" = $3, processed = $4, "totalCount" = $5,
         "finishedAt" = CASE WHEN $6::boolean THEN now() END, "updatedAt" = now()`,
      [c.name, c.pageSize, c.nextPageIndex, c.processed, c.totalCount, c.finished],
    );
  }
}
