import type { SqlRunner } from "../../db/migrate.js";
import { defaultChartOfAccounts } from "../../domain/ledger/chart-of-accounts.js";
import type { BalancedEntry } from "../../domain/ledger/journal-entry.js";
import { payoutEntries } from "../../domain/ledger/payout-entries.js";
import { type PayoutReconciliation, reconcilePayout } from "../../domain/ledger/reconcile-payout.js";
import { PAYOUT_CATEGORY } from "../../domain/ledger/settled-transaction.js";
import { mixedPayout } from "../../domain/ledger/test-support/fixtures.js";
import { lineRowsOf } from "../ledger-rows.js";

// Rows as the payouts flow stores them, made by the domain's own functions, so the read side is tested
// without waiting for the flow.

export async function storeEntries(sql: SqlRunner, entries: readonly BalancedEntry[], payoutId: string | null) {
  for (const entry of entries) {
    await sql.query(`INSERT INTO "LedgerEntry" (key, date, memo, reverses, "payoutId") VALUES ($1, $2, $3, $4, $5)`, [
      entry.key,
      entry.date,
      entry.memo,
      entry.reverses ?? null,
      payoutId,
    ]);
    for (const line of lineRowsOf(entry))
      await sql.query(
        `INSERT INTO "LedgerLine" ("entryKey", "lineNo", account, "debitMinor", "creditMinor", currency, memo, links, fx, "orderGuid")
         VALUES ($1, $2, $3, $4::bigint, $5::bigint, $6, $7, $8::jsonb, $9::jsonb, $10)`,
        [
          line.entryKey,
          line.lineNo,
          line.account,
          line.debitMinor,
          line.creditMinor,
          line.currency,
          line.memo,
          JSON.stringify(line.links),
          line.fx ? JSON.stringify(line.fx) : null,
          line.links.orderGuid ?? null,
        ],
      );
  }
}

/** A reconciled payout: its row, its lines, its exceptions (ids `payout:<kind>:<txn>`). */
export async function storeReconciliation(sql: SqlRunner, r: PayoutReconciliation, status: string) {
  const { payout } = r;
  await sql.query(
    `INSERT INTO "Payout" (id, "amountMinor", currency, "arrivalDate", "stripeStatus", status, "transactionCount",
       "pagesDone", categories, "residualMinor", "updatedAt", "reconciledAt")
     VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, 1, $8::jsonb, $9::bigint, now(), now())`,
    [
      payout.id,
      payout.amount.amount,
      payout.amount.currency,
      payout.arrivalDate,
      payout.status,
      status,
      r.transactions.length,
      JSON.stringify(r.categories),
      r.residual.amount,
    ],
  );
  for (const [position, { transaction: t, order }] of r.transactions.entries()) {
    if (t.category === PAYOUT_CATEGORY) continue;
    await sql.query(
      `INSERT INTO "PayoutLine" ("balanceTransaction", "payoutId", page, position, category, type, "grossMinor",
         "feeMinor", "netMinor", currency, "presentmentMinor", "presentmentCurrency", "exchangeRate", "orderGuid",
         "paymentIntentId", "chargeId", "refundId", "disputeId", description, created)
       VALUES ($1, $2, 0, $3, $4, $5, $6::bigint, $7::bigint, $8::bigint, $9, $10::bigint, $11, $12, $13, $14, $15,
         $16, $17, $18, $19::timestamptz)`,
      [
        t.id,
        payout.id,
        position,
        t.category,
        t.type,
        t.gross.amount,
        t.fee.amount,
        t.net.amount,
        t.gross.currency,
        t.fx?.presentment.amount ?? null,
        t.fx?.presentment.currency ?? null,
        t.fx ? String(t.fx.exchangeRate) : null,
        order?.orderGuid ?? null,
        t.sources.paymentIntent ?? null,
        t.sources.charge ?? null,
        t.sources.refund ?? null,
        t.sources.dispute ?? null,
        t.description,
        t.created,
      ],
    );
  }
  for (const e of r.exceptions)
    await sql.query(
      `INSERT INTO "ReconciliationException" (id, "payoutId", kind, reason, "suggestedAction", resolutions,
         "balanceTransaction", "orderGuid", "amountMinor", currency)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::bigint, $10)`,
      [
        `payout:${e.kind}:${e.balanceTransaction ?? payout.id}`,
        payout.id,
        e.kind,
        e.reason,
        e.suggestedAction,
        e.resolutions,
        e.balanceTransaction,
        e.orderGuid,
        e.amount?.amount ?? null,
        e.amount?.currency ?? null,
      ],
    );
}

/** The domain's mixed payout (charges, refunds, disputes, fees, EUR), reconciled, stored and journaled. */
export async function seedMixedPayout(sql: SqlRunner, id?: string) {
  const { payout, transactions } = mixedPayout(id as never);
  const reconciliation = reconcilePayout(payout, transactions);
  const entries = payoutEntries(reconciliation, defaultChartOfAccounts);
  if (!entries.ok) throw new Error(entries.error.message);
  await storeReconciliation(sql, reconciliation, reconciliation.exceptions.length ? "exceptions" : "posted");
  await storeEntries(sql, entries.value, payout.id);
  return { reconciliation, entries: entries.value };
}
