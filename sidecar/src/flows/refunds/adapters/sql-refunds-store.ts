import type { SqlRunner } from "../../../db/migrate.js";
import type { OrderGuid, RefundId } from "../../../domain/ids.js";
import { money } from "../../../domain/money.js";
import { type ActionLog, doneKeysSql, type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type { OrderPayments } from "../../order-to-cash/index.js";
import type {
  NewRefundRecord,
  RefundFilter,
  RefundRecord,
  RefundState,
  RefundsState,
  RefundsStore,
} from "../refunds-store.js";

const columns = `key, "orderGuid", origin, currency, amount, reason, "returnRequestId", breakdown, "stripeRefundId",
  state, "failureReason", "requestedBy", "createdAt", "updatedAt"`;

type Row = Omit<RefundRecord, "amount" | "createdAt" | "updatedAt"> & {
  ord?: number;
  currency: string;
  amount: number;
  createdAt: string;
  updatedAt: string;
};

/** Rows as one jsonb array in `order` (row_number carries the order through the aggregate). */
const rowsJson = (where: string, order = `"createdAt", key`, limit = "") =>
  `(SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.ord), '[]') FROM (SELECT ${columns},
    row_number() OVER (ORDER BY ${order}) AS ord FROM "RefundRequest" WHERE ${where} ORDER BY ${order} ${limit}) r)`;

/** The refunds flow's store in SQL through the driver (both backends), one statement per call. */
export class SqlRefundsStore implements RefundsStore {
  private readonly flow: string;

  constructor(
    private readonly sql: SqlRunner,
    private readonly log: ActionLog,
    private readonly orders: OrderPayments,
  ) {
    this.flow = log.flow;
  }

  async getState(orderGuid: OrderGuid): Promise<RefundsState | undefined> {
    const order = await this.orders.byOrder(orderGuid);
    if (!order) return undefined;
    const { rows } = await this.sql.query(
      `SELECT ${rowsJson(`"orderGuid" = $1`)} AS refunds, ${doneKeysSql("$2", "$1")} AS done`,
      [orderGuid, this.flow],
    );
    const row = rows[0] as { refunds: Row[]; done: string[] };
    return { order, refunds: row.refunds.map(recordOf), done: new Set(row.done) };
  }

  async get(key: string): Promise<RefundRecord | undefined> {
    return (await this.select("key = $1", [key]))[0];
  }

  async byStripeRefund(id: RefundId): Promise<RefundRecord | undefined> {
    return (await this.select(`"stripeRefundId" = $1`, [id]))[0];
  }

  private async select(where: string, params: unknown[]): Promise<RefundRecord[]> {
    const { rows } = await this.sql.query(`SELECT ${rowsJson(where)} AS refunds`, params);
    return (rows[0] as { refunds: Row[] }).refunds.map(recordOf);
  }

  async insert(r: NewRefundRecord): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "RefundRequest" (key, "orderGuid", origin, currency, amount, reason, "returnRequestId", breakdown,
         "stripeRefundId", state, "failureReason", "requestedBy")
       VALUES ($1, $2, $3, $4, $5::bigint, $6, $7::int, $8::jsonb, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      [
        r.key,
        r.orderGuid,
        r.origin,
        r.amount.currency,
        r.amount.amount,
        r.reason,
        r.returnRequestId,
        r.breakdown ? JSON.stringify(r.breakdown) : null,
        r.stripeRefundId ?? null,
        r.state ?? null,
        r.failureReason ?? null,
        r.requestedBy,
      ],
    );
    return rows.length === 1;
  }

  async setStripe(
    key: string,
    change: { stripeRefundId: RefundId | null; state: RefundState; failureReason: string | null },
    entry?: LogEntry,
  ): Promise<void> {
    const logged = loggedWith(this.flow, entry, 5);
    await this.sql.query(
      `${logged.with} UPDATE "RefundRequest" SET "stripeRefundId" = coalesce($2, "stripeRefundId"), state = $3,
         "failureReason" = coalesce($4, "failureReason"), "updatedAt" = now() WHERE key = $1`,
      [key, change.stripeRefundId, change.state, change.failureReason, ...logged.params],
    );
  }

  record(entry: LogEntry): Promise<boolean> {
    return this.log.record(entry);
  }

  async loggedDetail(key: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.sql.query(`SELECT detail FROM "ActionLogEntry" WHERE key = $1`, [key]);
    return (rows[0] as { detail: Record<string, unknown> } | undefined)?.detail;
  }

  async list(filter: RefundFilter, first: number, after?: { createdAt: Date; key: string }): Promise<RefundRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.states?.length) where.push(`state = ANY(${param(filter.states)}::text[])`);
    if (filter.from) where.push(`"createdAt" >= ${param(filter.from.toISOString())}::timestamptz`);
    if (filter.to) where.push(`"createdAt" < ${param(filter.to.toISOString())}::timestamptz`);
    if (filter.orderGuid) where.push(`"orderGuid" = ${param(filter.orderGuid)}`);
    if (after)
      where.push(`("createdAt", key) < (${param(after.createdAt.toISOString())}::timestamptz, ${param(after.key)})`);
    const limit = `LIMIT ${param(first)}::int`;
    const { rows } = await this.sql.query(
      `SELECT ${rowsJson(where.join(" AND ") || "true", `"createdAt" DESC, key DESC`, limit)} AS refunds`,
      params,
    );
    return (rows[0] as { refunds: Row[] }).refunds.map(recordOf);
  }
}

function recordOf(row: Row): RefundRecord {
  const { currency, amount, createdAt, updatedAt, ord: _, ...rest } = row;
  return { ...rest, amount: money(amount, currency), createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}
