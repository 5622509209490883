import type { SqlRunner } from "../db/migrate.js";
import { money } from "../domain/money.js";
import type { DriftFinding, LedgerFact } from "./plan-drift.js";

/** Who closes a difference that went away by itself. */
export const DRIFT_CHECK_ACTOR = "drift-check";

export interface DriftStore {
  /** The payout line that carried this charge, if a payout did. */
  ledgerLineOf(chargeId: string): Promise<LedgerFact | undefined>;
  /**
   * Records one batch's findings as open exceptions (the same id again changes nothing but the reason) and
   * resolves, with a note, the open drift exceptions of the batch's subjects that were not found again.
   */
  record(
    findings: readonly DriftFinding[],
    examined: readonly string[],
    note: string,
  ): Promise<{ opened: number; resolved: number }>;
}

export class SqlDriftStore implements DriftStore {
  constructor(private readonly sql: SqlRunner) {}

  async ledgerLineOf(chargeId: string): Promise<LedgerFact | undefined> {
    const { rows } = await this.sql.query(
      `SELECT "payoutId", "grossMinor"::text AS gross, currency FROM "PayoutLine"
       WHERE "chargeId" = $1 AND category = 'charge' ORDER BY created LIMIT 1`,
      [chargeId],
    );
    const row = rows[0] as { payoutId: string; gross: string; currency: string } | undefined;
    return row ? { payoutId: row.payoutId, gross: money(Number(row.gross), row.currency) } : undefined;
  }

  async record(findings: readonly DriftFinding[], examined: readonly string[], note: string) {
    let opened = 0;
    for (const f of findings) {
      // A difference finance resolved stays resolved; one this check resolved and found again reopens.
      const { rows } = await this.sql.query(
        `INSERT INTO "ReconciliationException" (id, "payoutId", kind, reason, "suggestedAction", resolutions,
           "balanceTransaction", "orderGuid", "amountMinor", currency)
         VALUES ($1, NULL, $2, $3, $4, $5::text[], $6, $7, $8::bigint, $9)
         ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, status = 'open', resolution = NULL,
           "resolutionNote" = NULL, "resolvedBy" = NULL, "resolvedAt" = NULL
         WHERE "ReconciliationException".status = 'open' OR "ReconciliationException"."resolvedBy" = $10
         RETURNING (xmax = 0) AS inserted`,
        [
          f.id,
          f.kind,
          f.reason,
          f.suggestedAction,
          f.resolutions,
          f.balanceTransaction,
          f.orderGuid,
          f.amount?.amount ?? null,
          f.amount?.currency ?? null,
          DRIFT_CHECK_ACTOR,
        ],
      );
      if ((rows[0] as { inserted: boolean } | undefined)?.inserted) opened++;
    }
    const found = findings.map((f) => f.id);
    const { rows } = await this.sql.query(
      `UPDATE "ReconciliationException" SET status = 'resolved', resolution = 'cleared', "resolutionNote" = $3,
         "resolvedBy" = $4, "resolvedAt" = now()
       WHERE "payoutId" IS NULL AND status = 'open' AND kind LIKE 'drift\\_%'
         AND split_part(id, ':', 3) = ANY($1::text[]) AND NOT (id = ANY($2::text[]))
       RETURNING id`,
      [examined, found, note, DRIFT_CHECK_ACTOR],
    );
    return { opened, resolved: rows.length };
  }
}
