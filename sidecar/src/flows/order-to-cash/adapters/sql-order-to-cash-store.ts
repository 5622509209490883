import { randomUUID } from "node:crypto";
import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { SqlRunner } from "../../../db/migrate.js";
import type {
  OrderPatch,
  OrderRecord,
  OrderState,
  OrderToCashStore,
  PaymentObservation,
  PaymentRecord,
  ShipmentNotice,
  StoredPayment,
  TimelineEntry,
} from "../order-to-cash-store.js";
import { mergeObservation } from "../payment-observation.js";

// Rows travel as jsonb (to_jsonb): numbers, bigints included, come back as JSON numbers on both drivers (pg and
// PGlite parse other column types differently). Minor units stay far below 2^53.
const orderJson = `(SELECT to_jsonb(r) FROM (SELECT "orderGuid", "nopOrderId", "storeId", currency, "totalMinor",
  "nopOrder", "paymentIntentId", "erpSalesOrderId", "erpDocumentNumber", "wmsRequestId", "nopShipmentId",
  "trackingNumber" FROM "OrderToCashOrder" WHERE "orderGuid" = $1) r)`;
const paymentColumns = `"paymentIntentId", "orderGuid", status, "captureMethod", currency, amount, "amountCapturable",
  "amountReceived", "latestChargeId", declines, revision`;

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
 * one statement (upserts are INSERT … ON CONFLICT, hence also safe under concurrent first writes).
 */
export class SqlOrderToCashStore implements OrderToCashStore {
  constructor(private readonly sql: SqlRunner) {}

  private async one<T>(text: string, params: unknown[]): Promise<T | undefined> {
    const { rows } = await this.sql.query(text, params);
    return rows[0] as T | undefined;
  }

  async getOrder(orderGuid: string): Promise<OrderRecord | undefined> {
    const row = await this.one<{ order: OrderRecord | null }>(`SELECT ${orderJson} AS "order"`, [
      orderGuid.toLowerCase(),
    ]);
    return row?.order ?? undefined;
  }

  async getOrderState(orderGuid: string): Promise<OrderState | undefined> {
    const row = await this.one<{
      order: OrderRecord | null;
      payment: StoredPayment | null;
      done: string[];
      notices: ShipmentNotice[];
    }>(
      `SELECT ${orderJson} AS "order",
        (SELECT to_jsonb(r) FROM (SELECT ${paymentColumns} FROM "OrderToCashPayment" WHERE "paymentIntentId" =
          (SELECT "paymentIntentId" FROM "OrderToCashOrder" WHERE "orderGuid" = $1)) r) AS payment,
        (SELECT coalesce(jsonb_agg(key), '[]') FROM "OrderToCashTimelineEntry"
          WHERE "orderGuid" = $1 AND kind = 'action') AS done,
        (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."receivedAt"), '[]') FROM (SELECT id, "orderGuid", type,
          carrier, "trackingNumber", payload, "receivedAt" FROM "OrderToCashShipmentNotice" WHERE "orderGuid" = $1) r)
          AS notices`,
      [orderGuid.toLowerCase()],
    );
    if (!row?.order) return undefined;
    return {
      order: row.order,
      payment: row.payment ?? undefined,
      done: new Set(row.done),
      notices: row.notices.map(({ id, orderGuid, type, carrier, trackingNumber, payload }) => ({
        id,
        orderGuid,
        type,
        carrier,
        trackingNumber,
        payload,
      })),
    };
  }

  async saveNopOrder(
    order: NopOrder,
    version: number | null,
    totalMinor: number | null,
    entry?: TimelineEntry,
  ): Promise<void> {
    const orderGuid = order.orderGuid.toLowerCase();
    // Strip notes and shipments a write-back answer carries: the snapshot is the order itself.
    const { notes: _n, shipments: _s, ...snapshot } = order as NopOrder & { notes?: unknown; shipments?: unknown };
    const piFromOrder = order.authorizationTransactionId?.startsWith("pi_") ? order.authorizationTransactionId : null;
    // A versioned snapshot (a bridge event) replaces only an older one; a write-back answer (no version) is
    // current when it arrives. Write-back answers come without a computed total: they keep the stored one.
    const recorded = recordedWith(entry, 13);
    await this.sql.query(
      `${recorded.with} INSERT INTO "OrderToCashOrder" ("orderGuid", "nopOrderId", "storeId", "customOrderNumber", "customerId",
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
        totalMinor,
        JSON.stringify(snapshot),
        version,
        order.paymentStatusId,
        order.orderStatusId,
        piFromOrder,
        ...recorded.params,
      ],
    );
    if (piFromOrder) await this.linkPayment(orderGuid, piFromOrder);
  }

  async updateOrder(orderGuid: string, patch: OrderPatch, entry?: TimelineEntry): Promise<void> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const sets = entries.map(([field], i) => `${patchColumns[field as keyof OrderPatch]} = $${i + 2}, `);
    const recorded = recordedWith(entry, entries.length + 2);
    await this.sql.query(
      `${recorded.with} UPDATE "OrderToCashOrder" SET ${sets.join("")}"updatedAt" = now() WHERE "orderGuid" = $1`,
      [orderGuid.toLowerCase(), ...entries.map(([, value]) => value), ...recorded.params],
    );
  }

  async linkPayment(orderGuid: string, paymentIntentId: string, entry?: TimelineEntry): Promise<void> {
    // Both sides at once; each only fills a link that is still empty.
    const recorded = recordedWith(entry, 3);
    await this.sql.query(
      `WITH ${recorded.cte} linked_order AS (
         INSERT INTO "OrderToCashOrder" ("orderGuid", "paymentIntentId", "updatedAt") VALUES ($1, $2, now())
         ON CONFLICT ("orderGuid") DO UPDATE SET "paymentIntentId" = EXCLUDED."paymentIntentId", "updatedAt" = now()
         WHERE "OrderToCashOrder"."paymentIntentId" IS NULL)
       UPDATE "OrderToCashPayment" SET "orderGuid" = $1, "updatedAt" = now()
       WHERE "paymentIntentId" = $2 AND "orderGuid" IS NULL`,
      [orderGuid.toLowerCase(), paymentIntentId, ...recorded.params],
    );
  }

  async getPayment(paymentIntentId: string): Promise<StoredPayment | undefined> {
    const row = await this.one<{ payment: StoredPayment | null }>(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT ${paymentColumns} FROM "OrderToCashPayment"
         WHERE "paymentIntentId" = $1) r) AS payment`,
      [paymentIntentId],
    );
    return row?.payment ?? undefined;
  }

  async observePayment(o: PaymentObservation, current?: StoredPayment | null): Promise<PaymentRecord> {
    const orderGuid = o.orderGuid?.toLowerCase() ?? null;
    const observed = { ...o, orderGuid };
    let row = current === undefined ? await this.getPayment(o.paymentIntentId) : current;
    for (let attempt = 0; attempt < 20; attempt++) {
      if (!row) {
        const record: PaymentRecord = { ...withoutNewDeclines(observed), declines: o.newDeclines };
        if (await this.insertPayment(record)) return record;
      } else {
        const { next, changed } = mergeObservation(row, observed);
        if (!changed || (await this.updatePayment(next, row.revision))) return withoutRevision(next);
      }
      row = await this.getPayment(o.paymentIntentId); // a concurrent writer got there first: merge again
    }
    throw new Error(`payment ${o.paymentIntentId}: too many concurrent updates`);
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

  async record(entry: TimelineEntry): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "OrderToCashTimelineEntry" (id, key, "orderGuid", kind, name, detail)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (key) DO NOTHING RETURNING 1 AS inserted`,
      entryValues(entry),
    );
    return rows.length === 1;
  }

  async saveShipmentNotice(notice: ShipmentNotice): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO "OrderToCashShipmentNotice" (id, "orderGuid", type, carrier, "trackingNumber", payload)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING RETURNING 1 AS inserted`,
      [
        notice.id,
        notice.orderGuid.toLowerCase(),
        notice.type,
        notice.carrier,
        notice.trackingNumber,
        JSON.stringify(notice.payload),
      ],
    );
    return rows.length === 1;
  }
}

const entryValues = (entry: TimelineEntry) => [
  randomUUID(),
  entry.key,
  entry.orderGuid.toLowerCase(),
  entry.kind,
  entry.name,
  JSON.stringify(entry.detail),
];

/**
 * A timeline entry written by the same statement as a change (a data-modifying WITH), so the change and the
 * entry that marks it done are stored together or not at all. `first`: the number of its first parameter.
 */
function recordedWith(entry: TimelineEntry | undefined, first: number) {
  if (!entry) return { with: "", cte: "", params: [] };
  const p = (i: number) => `$${first + i}`;
  const cte = `recorded AS (INSERT INTO "OrderToCashTimelineEntry" (id, key, "orderGuid", kind, name, detail)
    VALUES (${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb) ON CONFLICT (key) DO NOTHING),`;
  return { with: `WITH ${cte.slice(0, -1)}`, cte, params: entryValues(entry) };
}

const paymentValues = (p: PaymentRecord) => [
  p.paymentIntentId,
  p.orderGuid,
  p.status,
  p.captureMethod,
  p.currency,
  p.amount,
  p.amountCapturable,
  p.amountReceived,
  p.latestChargeId,
];

function withoutNewDeclines({ newDeclines: _, ...rest }: PaymentObservation): Omit<PaymentRecord, "declines"> {
  return rest;
}

function withoutRevision(p: PaymentRecord): PaymentRecord {
  const { revision: _, ...rest } = p as StoredPayment;
  return rest;
}
