import type { SqlRunner } from "../db/migrate.js";
import type { BalancedEntry } from "../domain/ledger/journal-entry.js";
import type { CategoryTotal } from "../domain/ledger/reconcile-payout.js";
import { money } from "../domain/money.js";
import type {
  EntryFilter,
  ExceptionFilter,
  ExceptionView,
  LedgerReads,
  LinePosition,
  Page,
  PayoutFilter,
  PayoutLineView,
  PayoutView,
} from "./ledger-reads.js";
import {
  type EntryRow,
  entryFromRows,
  type LineRow,
  minorUnits,
  type PayoutLineRow,
  settledFromRow,
} from "./ledger-rows.js";

/** Rows per round trip when streaming: memory stays flat however long the period or large the payout. */
export const READ_BATCH = 500;

/** Collects a query's WHERE conditions with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];
  add(condition: (p: (value: unknown) => string) => string): this {
    this.conditions.push(
      condition((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }
  get sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(" AND ")}` : "";
  }
}

/** Newest first by (createdAt, id): rows after the cursor. */
const afterCursor = (where: Where, page: Page, at: string, id: string) => {
  const after = page.after;
  if (after) where.add((p) => `(${at}, ${id}) < (${p(after.at)}::timestamptz, ${p(after.id)})`);
};

const PAYOUT_COLUMNS = `po.id, po."amountMinor"::text AS "amountMinor", po.currency, po."arrivalDate",
  po."stripeStatus", po.status, po."transactionCount", po.categories, po."residualMinor"::text AS "residualMinor",
  po."createdAt", po."reconciledAt",
  (SELECT count(*)::int FROM "ReconciliationException" x WHERE x."payoutId" = po.id AND x.status = 'open') AS "openExceptions"`;

interface PayoutRow {
  id: string;
  amountMinor: string;
  currency: string;
  arrivalDate: string;
  stripeStatus: string;
  status: string;
  transactionCount: number;
  categories: CategoryTotal[] | null;
  residualMinor: string | null;
  openExceptions: number;
  createdAt: Date;
  reconciledAt: Date | null;
}

function payoutView(row: PayoutRow): PayoutView {
  const residual = minorUnits(row.residualMinor, `payout ${row.id} residual`);
  return {
    id: row.id,
    amount: money(minorUnits(row.amountMinor, `payout ${row.id} amount`) as number, row.currency),
    arrivalDate: row.arrivalDate,
    stripeStatus: row.stripeStatus,
    status: row.status,
    transactionCount: row.transactionCount,
    // Stored as JSON: Money objects come back as plain {amount, currency}, re-made so currencies are checked.
    categories:
      row.categories?.map((c) => ({
        category: c.category,
        count: c.count,
        gross: money(c.gross.amount, c.gross.currency),
        fee: money(c.fee.amount, c.fee.currency),
        net: money(c.net.amount, c.net.currency),
      })) ?? null,
    residual: residual === null ? null : money(residual, row.currency),
    openExceptions: row.openExceptions,
    createdAt: row.createdAt,
    reconciledAt: row.reconciledAt,
  };
}

type ExceptionRow = Omit<ExceptionView, "amount"> & { amountMinor: string | null; currency: string | null };

function exceptionView({ amountMinor, currency, ...row }: ExceptionRow): ExceptionView {
  const amount = minorUnits(amountMinor, `exception ${row.id} amount`);
  return { ...row, amount: amount !== null && currency ? money(amount, currency) : null };
}

const LINE_COLUMNS = `"balanceTransaction", "payoutId", page, position, category, type,
  "grossMinor"::text AS "grossMinor", "feeMinor"::text AS "feeMinor", "netMinor"::text AS "netMinor", currency,
  "presentmentMinor"::text AS "presentmentMinor", "presentmentCurrency", "exchangeRate", "orderGuid",
  "paymentIntentId", "chargeId", "refundId", "disputeId", description, created`;

const LINE_ROW_COLUMNS = `"entryKey", "lineNo", account, "debitMinor"::text AS "debitMinor",
  "creditMinor"::text AS "creditMinor", currency, memo, links, fx`;

const lineViews = (rows: PayoutLineRow[]): PayoutLineView[] =>
  rows.map((row) => ({
    transaction: settledFromRow(row),
    payoutId: row.payoutId,
    orderGuid: row.orderGuid,
    position: { page: row.page, position: row.position },
  }));

/** The ledger's read side over the payouts flow's tables (Payout, PayoutLine, ReconciliationException, Ledger*). */
export class SqlLedgerReads implements LedgerReads {
  constructor(
    private readonly sql: SqlRunner,
    private readonly batch = READ_BATCH,
  ) {}

  async payouts(filter: PayoutFilter, page: Page): Promise<PayoutView[]> {
    const where = new Where();
    if (filter.statuses?.length) where.add((p) => `po.status = ANY(${p(filter.statuses)}::text[])`);
    if (filter.period) {
      const { from, to } = filter.period;
      where.add((p) => `po."arrivalDate" BETWEEN ${p(from)} AND ${p(to)}`);
    }
    afterCursor(where, page, `po."createdAt"`, "po.id");
    const { rows } = await this.sql.query(
      `SELECT ${PAYOUT_COLUMNS} FROM "Payout" po ${where.sql}
       ORDER BY po."createdAt" DESC, po.id DESC LIMIT ${Math.trunc(page.limit) + 1}`,
      where.params,
    );
    return (rows as PayoutRow[]).map(payoutView);
  }

  async payout(id: string): Promise<PayoutView | null> {
    const { rows } = await this.sql.query(`SELECT ${PAYOUT_COLUMNS} FROM "Payout" po WHERE po.id = $1`, [id]);
    const row = (rows as PayoutRow[])[0];
    return row ? payoutView(row) : null;
  }

  async *payoutsIn(period: { from: string; to: string }): AsyncIterable<PayoutView> {
    let last: { date: string; id: string } | null = null;
    for (;;) {
      const params: unknown[] = [period.from, period.to];
      const after = last ? `AND (po."arrivalDate", po.id) > ($3, $4)` : "";
      if (last) params.push(last.date, last.id);
      const { rows } = await this.sql.query(
        `SELECT ${PAYOUT_COLUMNS} FROM "Payout" po WHERE po."arrivalDate" BETWEEN $1 AND $2 ${after}
         ORDER BY po."arrivalDate", po.id LIMIT ${this.batch}`,
        params,
      );
      for (const row of rows as PayoutRow[]) yield payoutView(row);
      if (rows.length < this.batch) return;
      const tail = rows.at(-1) as PayoutRow;
      last = { date: tail.arrivalDate, id: tail.id };
    }
  }

  async *payoutLines(payoutId: string): AsyncIterable<PayoutLineView> {
    let after: LinePosition | undefined;
    for (;;) {
      const lines = await this.payoutLinePage(payoutId, this.batch, after);
      yield* lines;
      if (lines.length < this.batch) return;
      after = (lines.at(-1) as PayoutLineView).position;
    }
  }

  async payoutLinePage(payoutId: string, limit: number, after?: LinePosition): Promise<PayoutLineView[]> {
    const params: unknown[] = [payoutId];
    if (after) params.push(after.page, after.position);
    const { rows } = await this.sql.query(
      `SELECT ${LINE_COLUMNS} FROM "PayoutLine" WHERE "payoutId" = $1 ${after ? "AND (page, position) > ($2, $3)" : ""}
       ORDER BY page, position LIMIT ${Math.trunc(limit)}`,
      params,
    );
    return lineViews(rows as PayoutLineRow[]);
  }

  async linesOfOrder(orderGuid: string): Promise<PayoutLineView[]> {
    const { rows } = await this.sql.query(
      `SELECT ${LINE_COLUMNS} FROM "PayoutLine" WHERE "orderGuid" = $1 ORDER BY created, "balanceTransaction" LIMIT 1000`,
      [orderGuid.toLowerCase()],
    );
    return lineViews(rows as PayoutLineRow[]);
  }

  async exceptions(filter: ExceptionFilter, page: Page): Promise<ExceptionView[]> {
    const where = new Where();
    if (filter.status) where.add((p) => `status = ${p(filter.status)}`);
    if (filter.payoutId) where.add((p) => `"payoutId" = ${p(filter.payoutId)}`);
    if (filter.kinds?.length) where.add((p) => `kind = ANY(${p(filter.kinds)}::text[])`);
    afterCursor(where, page, `"createdAt"`, "id");
    const { rows } = await this.sql.query(
      `SELECT id, "payoutId", kind, reason, "suggestedAction", resolutions, "balanceTransaction", "orderGuid",
         "amountMinor"::text AS "amountMinor", currency, status, resolution, "resolutionNote", "resolutionEntryKey",
         "resolvedBy", "resolvedAt", "createdAt"
       FROM "ReconciliationException" ${where.sql}
       ORDER BY "createdAt" DESC, id DESC LIMIT ${Math.trunc(page.limit) + 1}`,
      where.params,
    );
    return (rows as ExceptionRow[]).map(exceptionView);
  }

  async *entries(filter: EntryFilter) {
    let last: { date: string; key: string } | null = null;
    for (;;) {
      const where = this.entryWhere(filter);
      const tail = last;
      if (tail) where.add((p) => `(e.date, e.key) > (${p(tail.date)}, ${p(tail.key)})`);
      const { rows } = await this.sql.query(
        `SELECT e.key, e.date, e.memo, e.reverses FROM "LedgerEntry" e ${where.sql}
         ORDER BY e.date, e.key LIMIT ${this.batch}`,
        where.params,
      );
      yield* await this.withLines(rows as EntryRow[]);
      if (rows.length < this.batch) return;
      const end = rows.at(-1) as EntryRow;
      last = { date: end.date, key: end.key };
    }
  }

  async entryPage(filter: EntryFilter, page: Page) {
    const where = this.entryWhere(filter);
    afterCursor(where, page, `e."createdAt"`, "e.key");
    const { rows } = await this.sql.query(
      `SELECT e.key, e.date, e.memo, e.reverses, e."payoutId", e."createdAt" FROM "LedgerEntry" e ${where.sql}
       ORDER BY e."createdAt" DESC, e.key DESC LIMIT ${Math.trunc(page.limit) + 1}`,
      where.params,
    );
    const typed = rows as (EntryRow & { payoutId: string | null; createdAt: Date })[];
    const entries = await this.withLines(typed);
    return entries.map((entry, i) => ({
      entry,
      payoutId: typed[i]?.payoutId ?? null,
      createdAt: typed[i]?.createdAt as Date,
    }));
  }

  /** One entry by its key, re-checked by journalEntry; undefined when none is stored. */
  async entry(key: string): Promise<BalancedEntry | undefined> {
    const { rows } = await this.sql.query(
      `SELECT e.key, e.date, e.memo, e.reverses FROM "LedgerEntry" e WHERE e.key = $1`,
      [key],
    );
    return (await this.withLines(rows as EntryRow[]))[0];
  }

  private entryWhere(filter: EntryFilter): Where {
    const where = new Where();
    if (filter.period) {
      const { from, to } = filter.period;
      where.add((p) => `e.date BETWEEN ${p(from)} AND ${p(to)}`);
    }
    if (filter.payoutId) where.add((p) => `e."payoutId" = ${p(filter.payoutId)}`);
    if (filter.account)
      where.add(
        (p) => `EXISTS (SELECT 1 FROM "LedgerLine" a WHERE a."entryKey" = e.key AND a.account = ${p(filter.account)})`,
      );
    return where;
  }

  /** The entries' lines in one query, each entry re-checked by journalEntry. */
  private async withLines(entries: EntryRow[]) {
    if (entries.length === 0) return [];
    const { rows } = await this.sql.query(
      `SELECT ${LINE_ROW_COLUMNS} FROM "LedgerLine" WHERE "entryKey" = ANY($1::text[]) ORDER BY "entryKey", "lineNo"`,
      [entries.map((e) => e.key)],
    );
    const byEntry = new Map<string, LineRow[]>();
    for (const line of rows as LineRow[]) {
      const lines = byEntry.get(line.entryKey);
      if (lines) lines.push(line);
      else byEntry.set(line.entryKey, [line]);
    }
    return entries.map((e) => entryFromRows(e, byEntry.get(e.key) ?? []));
  }
}
