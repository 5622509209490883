import type { PayoutId } from "../../../domain/ids.js";
import type { BalancedEntry } from "../../../domain/ledger/journal-entry.js";
import type { ReconcilerSnapshot } from "../../../domain/ledger/reconcile-payout.js";
import type { PayoutStatus, SettledTransaction } from "../../../domain/ledger/settled-transaction.js";
import { money } from "../../../domain/money.js";
import { type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type { FlowSql } from "../../../flow-kit/flow-host.js";
import { SqlLedgerReads } from "../../../ledger-reads/sql-ledger-reads.js";
import type { PayoutSnapshot } from "../../../ports/stripe-payouts.js";
import type { PayoutProgress } from "../payout-actions.js";
import {
  exceptionId,
  type PayoutState,
  type PayoutsStore,
  type ReconciledPage,
  type StoredResolution,
} from "../payouts-store.js";
import type { ExceptionRecord } from "../plan-resolution.js";
import { insertLedgerCtes, ledgerRows } from "./ledger-rows.js";

interface PayoutRow {
  id: PayoutId;
  amountMinor: number | string;
  currency: string;
  arrivalDate: string;
  stripeStatus: PayoutStatus;
  status: PayoutProgress;
  pagesDone: number;
  cursor: string | null;
  reconcilerState: ReconcilerSnapshot | null;
  residualMinor: number | string | null;
  reconciledAt: string | null;
  openExceptions: number;
  entries: { key: string; reverses: string | null; posted: boolean }[];
}

interface LineRow {
  balanceTransaction: string;
  category: string;
  type: string;
  grossMinor: number | string;
  feeMinor: number | string;
  netMinor: number | string;
  currency: string;
  presentmentMinor: number | string | null;
  presentmentCurrency: string | null;
  exchangeRate: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  refundId: string | null;
  disputeId: string | null;
  description: string | null;
  created: string;
}

interface ExceptionRow extends Omit<ExceptionRecord, "amount" | "line"> {
  amountMinor: number | string | null;
  currency: string | null;
  line: LineRow | null;
}

/** A stored payout line as the balance transaction it came from. */
function transactionOf(l: LineRow): SettledTransaction {
  const amount = (minor: number | string) => money(Number(minor), l.currency);
  const ids = { paymentIntent: l.paymentIntentId, charge: l.chargeId, refund: l.refundId, dispute: l.disputeId };
  return {
    id: l.balanceTransaction,
    category: l.category,
    type: l.type,
    gross: amount(l.grossMinor),
    fee: amount(l.feeMinor),
    net: amount(l.netMinor),
    fx:
      l.presentmentMinor !== null && l.presentmentCurrency !== null
        ? {
            presentment: money(Number(l.presentmentMinor), l.presentmentCurrency),
            exchangeRate: Number(l.exchangeRate),
          }
        : null,
    created: l.created,
    description: l.description,
    sources: Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== null)) as SettledTransaction["sources"],
  };
}

/** Stripe's statuses in the order they may follow each other; failed and canceled are final. */
const statusRank = `CASE $S WHEN 'pending' THEN 0 WHEN 'in_transit' THEN 1 WHEN 'paid' THEN 2 ELSE 3 END`;
const rank = (column: string) => statusRank.replace("$S", column);

export class SqlPayoutsStore implements PayoutsStore {
  constructor(
    private readonly sql: FlowSql,
    private readonly flow: string,
  ) {}

  async load(id: PayoutId): Promise<PayoutState | undefined> {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT p.*,
         (SELECT count(*)::int FROM "ReconciliationException" x WHERE x."payoutId" = p.id AND x.status = 'open')
           AS "openExceptions",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('key', e.key, 'reverses', e.reverses,
            'posted', e."erpEntryId" IS NOT NULL) ORDER BY e."createdAt", e.key), '[]')
            FROM "LedgerEntry" e WHERE e."payoutId" = p.id) AS entries
         FROM "Payout" p WHERE p.id = $1) r) AS payout`,
      [id],
    );
    const row = (rows[0] as { payout: PayoutRow | null }).payout;
    if (!row) return undefined;
    return {
      payout: {
        id: row.id,
        amount: money(Number(row.amountMinor), row.currency),
        arrivalDate: row.arrivalDate,
        status: row.stripeStatus,
      },
      progress: row.status,
      pagesDone: row.pagesDone,
      cursor: row.cursor,
      reconciler: row.reconcilerState,
      reconciled: row.reconciledAt !== null,
      residual: row.residualMinor === null ? null : money(Number(row.residualMinor), row.currency),
      openExceptions: row.openExceptions,
      entries: row.entries,
    };
  }

  async observe(payout: PayoutSnapshot, log: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, log, 6);
    await this.sql.query(
      `${logged.with}
       INSERT INTO "Payout" (id, "amountMinor", currency, "arrivalDate", "stripeStatus", status, "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 'reconciling', now())
       ON CONFLICT (id) DO UPDATE SET "stripeStatus" = excluded."stripeStatus", "updatedAt" = now()
       WHERE ${rank('"Payout"."stripeStatus"')} < ${rank('excluded."stripeStatus"')}`,
      [payout.id, payout.amount.amount, payout.amount.currency, payout.arrivalDate, payout.status, ...logged.params],
    );
  }

  async savePage(page: ReconciledPage): Promise<void> {
    const doc = {
      lines: page.transactions.map(({ transaction: t, order }, position) => ({
        balanceTransaction: t.id,
        position,
        category: t.category,
        type: t.type,
        grossMinor: t.gross.amount,
        feeMinor: t.fee.amount,
        netMinor: t.net.amount,
        currency: t.gross.currency,
        presentmentMinor: t.fx?.presentment.amount ?? null,
        presentmentCurrency: t.fx?.presentment.currency ?? null,
        exchangeRate: t.fx ? String(t.fx.exchangeRate) : null,
        orderGuid: order?.orderGuid ?? null,
        paymentIntentId: t.sources.paymentIntent ?? null,
        chargeId: t.sources.charge ?? null,
        refundId: t.sources.refund ?? null,
        disputeId: t.sources.dispute ?? null,
        description: t.description,
        created: t.created,
      })),
      exceptions: page.exceptions.map((e) => ({
        id: exceptionId(page.payoutId, e),
        kind: e.kind,
        reason: e.reason,
        suggestedAction: e.suggestedAction,
        resolutions: e.resolutions,
        balanceTransaction: e.balanceTransaction,
        orderGuid: e.orderGuid,
        amountMinor: e.amount?.amount ?? null,
        currency: e.amount?.currency ?? null,
      })),
      ...ledgerRows(page.entries, page.payoutId),
    };
    const logged = loggedWith(this.flow, page.log, 8);
    await this.sql.query(
      `WITH ${logged.cte}
       doc AS (SELECT $2::jsonb AS d),
       lines AS (INSERT INTO "PayoutLine" ("balanceTransaction", "payoutId", page, position, category, type,
           "grossMinor", "feeMinor", "netMinor", currency, "presentmentMinor", "presentmentCurrency", "exchangeRate",
           "orderGuid", "paymentIntentId", "chargeId", "refundId", "disputeId", description, created)
         SELECT l."balanceTransaction", $1, $3, l.position, l.category, l.type, l."grossMinor", l."feeMinor",
           l."netMinor", l.currency, l."presentmentMinor", l."presentmentCurrency", l."exchangeRate", l."orderGuid",
           l."paymentIntentId", l."chargeId", l."refundId", l."disputeId", l.description, l.created
         FROM doc, jsonb_to_recordset(doc.d->'lines') AS l("balanceTransaction" text, position int, category text,
           type text, "grossMinor" bigint, "feeMinor" bigint, "netMinor" bigint, currency text, "presentmentMinor" bigint,
           "presentmentCurrency" text, "exchangeRate" text, "orderGuid" text, "paymentIntentId" text, "chargeId" text,
           "refundId" text, "disputeId" text, description text, created timestamptz)
         ON CONFLICT ("balanceTransaction") DO NOTHING),
       found AS (INSERT INTO "ReconciliationException" (id, "payoutId", kind, reason, "suggestedAction", resolutions,
           "balanceTransaction", "orderGuid", "amountMinor", currency)
         SELECT e.id, $1, e.kind, e.reason, e."suggestedAction", ARRAY(SELECT jsonb_array_elements_text(e.resolutions)),
           e."balanceTransaction", e."orderGuid", e."amountMinor", e.currency
         FROM doc, jsonb_to_recordset(doc.d->'exceptions') AS e(id text, kind text, reason text, "suggestedAction" text,
           resolutions jsonb, "balanceTransaction" text, "orderGuid" text, "amountMinor" bigint, currency text)
         ON CONFLICT (id) DO NOTHING),
       ${insertLedgerCtes("$2::jsonb")}
       page AS (SELECT 1)
       UPDATE "Payout" SET "pagesDone" = $3 + 1, cursor = $4, "reconcilerState" = $5::jsonb,
         "transactionCount" = "transactionCount" + $6, categories = coalesce($7::jsonb->'rows', categories),
         "residualMinor" = coalesce(($7::jsonb->>'residual')::bigint, "residualMinor"),
         "reconciledAt" = CASE WHEN $7::jsonb IS NULL THEN NULL ELSE now() END, "updatedAt" = now()
       WHERE id = $1 AND "pagesDone" = $3`,
      [
        page.payoutId,
        JSON.stringify(doc),
        page.page,
        page.cursor,
        JSON.stringify(page.reconciler),
        page.transactions.length,
        page.finished
          ? JSON.stringify({ rows: page.finished.categories, residual: page.finished.residual.amount })
          : null,
        ...logged.params,
      ],
    );
  }

  async addEntries(payoutId: PayoutId, entries: readonly BalancedEntry[], log: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, log, 2);
    await this.sql.query(`WITH ${logged.cte} ${insertLedgerCtes("$1::jsonb")} done AS (SELECT 1) SELECT 1`, [
      JSON.stringify(ledgerRows(entries, payoutId)),
      ...logged.params,
    ]);
  }

  /** Read back through the ledger's read side, which refuses a stored row that no longer balances. */
  entry(key: string): Promise<BalancedEntry | undefined> {
    return new SqlLedgerReads(this.sql).entry(key);
  }

  async markPosted(key: string, erpEntryId: string, log: LogEntry): Promise<void> {
    const logged = loggedWith(this.flow, log, 3);
    await this.sql.query(
      `${logged.with} UPDATE "LedgerEntry" SET "erpEntryId" = $2, "erpPostedAt" = now()
       WHERE key = $1 AND "erpEntryId" IS NULL`,
      [key, erpEntryId, ...logged.params],
    );
  }

  async setProgress(id: PayoutId, progress: PayoutProgress): Promise<void> {
    await this.sql.query(`UPDATE "Payout" SET status = $2, "updatedAt" = now() WHERE id = $1`, [id, progress]);
  }

  async exception(id: string): Promise<ExceptionRecord | undefined> {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT x.id, x."payoutId", x.kind, x.status, x.resolutions, x."orderGuid",
         x."amountMinor", x.currency, to_jsonb(l) AS line
         FROM "ReconciliationException" x LEFT JOIN "PayoutLine" l ON l."balanceTransaction" = x."balanceTransaction"
         WHERE x.id = $1) r) AS exception`,
      [id],
    );
    const row = (rows[0] as { exception: ExceptionRow | null }).exception;
    if (!row) return undefined;
    return {
      id: row.id,
      payoutId: row.payoutId,
      kind: row.kind,
      status: row.status,
      resolutions: row.resolutions,
      orderGuid: row.orderGuid,
      amount: row.amountMinor === null || row.currency === null ? null : money(Number(row.amountMinor), row.currency),
      line: row.line ? transactionOf(row.line) : null,
    };
  }

  async resolve(exception: ExceptionRecord, resolution: StoredResolution): Promise<boolean> {
    const entries = resolution.entry ? [resolution.entry] : [];
    const { rows } = await this.sql.query(
      `WITH ${insertLedgerCtes("$1::jsonb")} done AS (SELECT 1)
       UPDATE "ReconciliationException" SET status = 'resolved', resolution = $3, "resolutionNote" = $4,
         "resolutionEntryKey" = $5, "resolvedBy" = $6, "resolvedAt" = now(), "orderGuid" = coalesce($7, "orderGuid")
       WHERE id = $2 AND status = 'open' RETURNING id`,
      [
        JSON.stringify(ledgerRows(entries, exception.payoutId)),
        exception.id,
        resolution.resolution,
        resolution.note,
        resolution.entry?.key ?? null,
        resolution.resolvedBy,
        resolution.orderGuid,
      ],
    );
    return rows.length === 1;
  }

  async known(ids: readonly PayoutId[]): Promise<Set<PayoutId>> {
    const { rows } = await this.sql.query(`SELECT id FROM "Payout" WHERE id = ANY($1::text[])`, [ids]);
    return new Set((rows as { id: PayoutId }[]).map((r) => r.id));
  }
}
