import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { SqlRunner } from "../../../db/migrate.js";
import {
  type OrderGuid,
  type PaymentIntentId,
  paymentIntentIdSchema,
  orderGuid as toOrderGuid,
} from "../../../domain/ids.js";
import { type Money, money } from "../../../domain/money.js";
import { type ActionLog, doneKeysSql, type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type {
  OrderPatch,
  OrderRecord,
  OrderState,
  OrderToCashStore,
  PaymentObservation,
  PaymentRecord,
  ShipmentNotice,
  StoredPayment,
} from "../order-to-cash-store.js";
import { mergeObservation } from "../payment-observation.js";

// Rows travel as jsonb (to_jsonb): numbers, bigints included, come back as JSON numbers on both drivers (pg and
// PGlite parse other column types differently). Minor units stay far below 2^53.
const orderJson = `(SELECT to_jsonb(r) FROM (SELECT "orderGuid", "nopOrderId", "storeId", currency, "totalMinor",
  "nopOrder", "paymentIntentId", "erpSalesOrderId", "erpDocumentNumber", "wmsRequestId", "nopShipmentId",
  "trackingNumber" FROM "OrderToCashOrder" WHERE "orderGuid" = $1) r)`;
const paymentColumns = `"paymentIntentId", "orderGuid", status, "captureMethod", currency, amount, "amountCapturable",
  "amountReceived", "latestChargeId", declines, revision`;

/** An order row as stored: the total as a currency and minor units. */
type OrderRow = Omit<OrderRecord, "total"> & { currency: string | null; totalMinor: number | null };
/** A payment row as stored: amounts as minor units of one currency. */
type PaymentRow = Omit<StoredPayment, "amount" | "amountCapturable" | "amountReceived"> & {
  currency: string;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
};

const patchColumns = {
  erpSalesOrderId: '"erpSalesOrderId"',
  erpDocumentNumber: '"erpDocumentNumber"',
  wmsRequestId: '"wmsRequestId"',
  nopShipmentId: '"nopShipmentId"',
  trackingNumber: '"trackingNumber"',
  paymentIntentId: '"paymentIntentId"',
} as const satisfies Record<keyof OrderPatch, string>;

/**
 * The flow's store in SQL through the driver, on both backends (PostgreSQL and PGlite). The flow runs several
 * statements per event; through Prisma each cost more CPU than the database spends on it, so every method is
 * one statement (upserts are INSERT … ON CONFLICT, hence also safe under concurrent first writes). Action log
 * entries are written by the same statement as the change they mark (flow-kit/action-log.ts `loggedWith`).
 */
export class SqlOrderToCashStore implements OrderToCashStore {
  private readonly flow: string;

  constructor(
    private readonly sql: SqlRunner,
    private readonly log: ActionLog,
  ) {
    this.flow = log.flow;
  }

  private async one<T>(text: string, params: unknown[]): Promise<T | undefined> {
    const { rows } = await this.sql.query(text, params);
    return rows[0] as T | undefined;
  }

  async getOrder(orderGuid: OrderGuid): Promise<OrderRecord | undefined> {
    const row = await this.one<{ order: OrderRow | null }>(`SELECT ${orderJson} AS "order"`, [orderGuid]);
    return row?.order ? orderOf(row.order) : undefined;
  }

  async getOrderState(orderGuid: OrderGuid): Promise<OrderState | undefined> {
    const row = await this.one<{
      order: OrderRow | null;
      payment: PaymentRow | null;
      done: string[];
      notices: (Omit<ShipmentNotice, "receivedAt"> & { receivedAt: string })[];
    }>(
      `SELECT ${orderJson} AS "order",
        (SELECT to_jsonb(r) FROM (SELECT ${paymentColumns} FROM "OrderToCashPayment" WHERE "paymentIntentId" =
          (SELECT "paymentIntentId" FROM "OrderToCashOrder" WHERE "orderGuid" = $1)) r) AS payment,
        ${doneKeysSql("$2", "$1")} AS done,
        (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."receivedAt"), '[]') FROM (SELECT id, "orderGuid", type,
          carrier, "trackingNumber", payload, "receivedAt" FROM "OrderToCashShipmentNotice" WHERE "orderGuid" = $1) r)
          AS notices`,
      [orderGuid, this.flow],
    );
    if (!row?.order) return undefined;
    return {
      order: orderOf(row.order),
      payment: row.payment ? paymentOf(row.payment) : undefined,
      done: new Set(row.done),
      notices: row.notices.map(({ id, orderGuid, type, carrier, trackingNumber, payload, receivedAt }) => ({
        id,
        orderGuid,
        type,
        carrier,
        trackingNumber,
        payload,
        receivedAt: new Date(receivedAt),
      })),
    };
  }

  async saveNopOrder(order: NopOrder, version: number | null, total: Money | null, entry?: LogEntry): Promise<void> {
    const orderGuid = toOrderGuid(order.orderGuid);
    // Strip notes and shipments a write-back answer carries: the snapshot is the order itself.
    const { notes: _n, shipments: _s, ...snapshot } = order as NopOrder & { notes?: unknown; shipments?: unknown };
    const named = paymentIntentIdSchema.safeParse(order.authorizationTransactionId);
    const piFromOrder = named.success ? named.data : null;
    // A versioned snapshot (a bridge event) replaces only an older one; a write-back answer (no version) is
    // current when it arrives. Write-back answers come without a computed total: they keep the stored one.
    const logged = loggedWith(this.flow, entry, 13);
    await this.sql.query(
      `${logged.with} INSERT INTO "OrderToCashOrder" ("orderGuid", "nopOrderId", "storeId", "customOrderNumber", "customerId",
         currency, "totalMinor", "nopOrder", "nopVersion", "nopPaymentStatusId", "nopOrderStatusId", "paymentIntentId",
         "updatedAt")
       VALUES ($1, $2::int, $3::int, $4, $5::int, $6, $7::bigint, $8::jsonb, coalesce($9::bigint, 0), $10::int,
         $11::int, $12, now())
       ON CONFLICT ("orderGuid") DO UPDATE SET "nopOrderId" = EXCLUDED."nopOrderId", "storeId" = EXCLUDED."storeId",
         "customOrderNumber" = EXCLUDED."customOrderNumber", "customerId" = EXCLUDED."customerId",
         currency = EXCLUDED.currency, "totalMinor" = coalesce(EXCLUDED."totalMinor", "OrderToCashOrder"."totalMinor"),
         "nopOrder" = EXCLUDED."nopOrder", "nopVersion" = coalesce($9::bigint, "OrderToCashOrder"."nopVersion"),
         "nopPaymentStatusId" = EXCLUDED."nopPaymentStatusId", "nopOrderStatusId" = EXCLUDED."nopOrderStatusId",
         "updatedAt" = now()
       WHERE $9::bigint IS NULL OR "OrderToCashOrder"."nopVersion" <= $9::bigint`,
      [
        orderGuid,
        order.id,
        order.storeId,
        order.customOrderNumber,
        order.customerId,
        order.primaryStoreCurrencyCode.toLowerCase(),
        total?.amount ?? null,
        JSON.stringify(snapshot),
        version,
        order.paymentStatusId,
        order.orderStatusId,
        piFromOrder,
        ...logged.params,
      ],
    );
    if (piFromOrder) await this.linkPayment(orderGuid, piFromOrder);
  }

  async updateOrder(orderGuid: OrderGuid, patch: OrderPatch, entry?: LogEntry): Promise<void> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([field], i) => `${patchColumns[field as keyof OrderPatch]} = $${i + 2}, `);
    const logged = loggedWith(this.flow, entry, entries.length + 2);
    await this.sql.query(
      `${logged.with} UPDATE "OrderToCashOrder" SET ${sets.join("")}"updatedAt" = now() WHERE "orderGuid" = $1`,
      [orderGuid, ...entries.map(([, value]) => value), ...logged.params],
    );
  }

  async linkPayment(orderGuid: OrderGuid, paymentIntentId: PaymentIntentId, entry?: LogEntry): Promise<void> {
    // Both sides at once; each only fills a link that is still empty.
    const logged = loggedWith(this.flow, entry, 3);
    await this.sql.query(
      `WITH ${logged.cte} linked_order AS (
         INSERT INTO "OrderToCashOrder" ("orderGuid", "paymentIntentId", "updatedAt") VALUES ($1, $2, now())
         ON CONFLICT ("orderGuid") DO UPDATE SET "paymentIntentId" = EXCLUDED."paymentIntentId", "updatedAt" = now()
         WHERE "OrderToCashOrder"."paymentIntentId" IS NULL)
       UPDATE "OrderToCashPayment" SET "orderGuid" = $1, "updatedAt" = now()
       WHERE "paymentIntentId" = $2 AND "orderGuid" IS NULL`,
      [orderGuid, paymentIntentId, ...logged.params],
    );
  }

  async getPayment(paymentIntentId: PaymentIntentId): Promise<StoredPayment | undefined> {
    const row = await this.one<{ payment: PaymentRow | null }>(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${paymentColumns} FROM "OrderToCashPayment"
         WHERE "paymentIntentId" = $1) r) AS payment`,
      [paymentIntentId],
    );
    return row?.payment ? paymentOf(row.payment) : undefined;
  }

  async observePayment(observed: PaymentObservation, current?: StoredPayment | null): Promise<PaymentRecord> {
    let row = current === undefined ? await this.getPayment(observed.paymentIntentId) : current;
    for (let attempt = 0; attempt < 20; attempt++) {
      if (!row) {
        const record: PaymentRecord = { ...withoutNewDeclines(observed), declines: observed.newDeclines };
        if (await this.insertPayment(record)) return record;
      } else {
        const { next, changed } = mergeObservation(row, observed);
        if (!changed || (await this.updatePayment(next, row.revision))) return withoutRevision(next);
      }
      row = await this.getPayment(observed.paymentIntentId); // a concurrent writer got there first: merge again
    }
    throw new Error(`payment ${observed.paymentIntentId}: too many concurrent updates`);
  }

  private async insertPayment(p: PaymentRecord): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "OrderToCashPayment" ("paymentIntentId", "orderGuid", status, "captureMethod", currency, amount,
         "amountCapturable", "amountReceived", "latestChargeId", declines, "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8::bigint, $9, $10::jsonb, now())
       ON CONFLICT ("paymentIntentId") DO NOTHING RETURNING 1 AS inserted`,
      [...paymentValues(p), JSON.stringify(p.declines)],
    );
    return rows.length === 1;
  }

  /** Compare-and-set on the revision read. */
  private async updatePayment(p: PaymentRecord, revision: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE "OrderToCashPayment" SET "orderGuid" = $2, status = $3, "captureMethod" = $4, currency = $5,
         amount = $6::bigint, "amountCapturable" = $7::bigint, "amountReceived" = $8::bigint, "latestChargeId" = $9,
         declines = $10::jsonb, revision = revision + 1, "updatedAt" = now()
       WHERE "paymentIntentId" = $1 AND revision = $11::int RETURNING 1 AS updated`,
      [...paymentValues(p), JSON.stringify(p.declines), revision],
    );
    return rows.length === 1;
  }

  record(entry: LogEntry): Promise<boolean> {
    return this.log.record(entry);
  }

  async saveShipmentNotice(notice: ShipmentNotice): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "OrderToCashShipmentNotice" (id, "orderGuid", type, carrier, "trackingNumber", payload, "receivedAt")
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz) ON CONFLICT (id) DO NOTHING RETURNING 1 AS inserted`,
      [
        notice.id,
        notice.orderGuid,
        notice.type,
        notice.carrier,
        notice.trackingNumber,
        JSON.stringify(notice.payload),
        notice.receivedAt.toISOString(),
      ],
    );
    return rows.length === 1;
  }
}

function orderOf({ currency, totalMinor, ...row }: OrderRow): OrderRecord {
  return { ...row, total: currency !== null && totalMinor !== null ? money(totalMinor, currency) : null };
}

function paymentOf(row: PaymentRow): StoredPayment {
  const { currency } = row;
  return {
    ...row,
    amount: money(row.amount, currency),
    amountCapturable: money(row.amountCapturable, currency),
    amountReceived: money(row.amountReceived, currency),
  };
}

const paymentValues = (p: PaymentRecord) => [
  p.paymentIntentId,
  p.orderGuid,
  p.status,
  p.captureMethod,
  p.amount.currency,
  p.amount.amount,
  p.amountCapturable.amount,
  p.amountReceived.amount,
  p.latestChargeId,
];

function withoutNewDeclines({ newDeclines: _, ...rest }: PaymentObservation): Omit<PaymentRecord, "declines"> {
  return rest;
}

function withoutRevision(p: PaymentRecord): PaymentRecord {
  const { revision: _, ...rest } = p as StoredPayment;
  return rest;
}
