import type { SqlRunner } from "../../../db/migrate.js";
import { stripeCustomerIdSchema } from "../../../domain/ids.js";
import type { CustomerDriftStore, DriftCounts, LinkedCustomer } from "../drift-check.js";
import type { CustomerDriftFinding } from "../plan-drift.js";

/** The drift check's rows (`CustomerDrift`) and the customers it walks, on both backends. */
export class SqlCustomerDriftStore implements CustomerDriftStore {
  constructor(private readonly sql: SqlRunner) {}

  async linked(after: string, limit: number): Promise<LinkedCustomer[]> {
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."customerGuid"), '[]') AS rows FROM (
         SELECT l."customerGuid", s."nopCustomerId", l."stripeCustomerId", s."nopVersion", s."syncedValues" AS synced
         FROM "CustomerLink" l JOIN "CustomerSync" s ON s."customerGuid" = l."customerGuid"
         WHERE l."stripeCustomerId" IS NOT NULL AND l."customerGuid" > $1
         ORDER BY l."customerGuid" LIMIT $2) r`,
      [after, limit],
    );
    return (rows[0] as { rows: LinkedCustomer[] }).rows.map((c) => ({
      ...c,
      stripeCustomerId: stripeCustomerIdSchema.parse(c.stripeCustomerId),
    }));
  }

  async record(customerGuid: string, findings: readonly CustomerDriftFinding[]): Promise<DriftCounts> {
    // Every part sees the rows as they were before the statement: `open` is what was open before this check.
    const { rows } = await this.sql.query(
      `WITH found AS (
         SELECT f->>'id' AS id, f->>'field' AS field, f->'nopValue' AS "nopValue", f->'stripeValue' AS "stripeValue"
         FROM jsonb_array_elements($2::jsonb) f),
       open AS (SELECT id FROM "CustomerDrift" WHERE "customerGuid" = $1 AND status = 'open'),
       seen AS (
         INSERT INTO "CustomerDrift" (id, "customerGuid", field, "nopValue", "stripeValue")
         SELECT id, $1, field, "nopValue", "stripeValue" FROM found
         ON CONFLICT (id) DO UPDATE SET "nopValue" = excluded."nopValue", "stripeValue" = excluded."stripeValue",
           "lastSeenAt" = now(), status = 'open', "clearedAt" = NULL),
       cleared AS (
         UPDATE "CustomerDrift" SET status = 'cleared', "clearedAt" = now()
         WHERE id IN (SELECT id FROM open) AND id NOT IN (SELECT id FROM found)
         RETURNING id)
       SELECT (SELECT count(*)::int FROM found WHERE id NOT IN (SELECT id FROM open)) AS opened,
         (SELECT count(*)::int FROM cleared) AS cleared`,
      [customerGuid, JSON.stringify(findings)],
    );
    return rows[0] as DriftCounts;
  }
}
