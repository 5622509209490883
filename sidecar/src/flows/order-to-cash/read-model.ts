import type { OrderGuid } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import { PaymentStatus } from "../../domain/nop-statuses.js";
import { moneyHeldStatuses } from "../../domain/payment-state.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import { orderToCashFlow } from "./order-actions.js";
import type { Decline } from "./order-to-cash-store.js";

// What GraphQL shows of an order, and the one definition of "the systems disagree". GraphQL only maps these.

/** Why the systems disagree about an order (see `mismatchesSql`). */
export type MismatchReason =
  | "stripe_succeeded_nop_not_paid"
  | "nop_paid_stripe_not_succeeded"
  | "paid_without_erp_document"
  | "amount_differs"
  | "stripe_paid_order_unknown";

/** nopCommerce payment statuses that mean the money arrived. */
const paidStatuses = [PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

/**
 * The rule, once, as SQL over an order row `o` and its PaymentIntent row `p` (left-joined): the reasons the
 * systems disagree, empty while the order changed less than `grace` minutes ago (it is still being worked on).
 * Parameters: the grace minutes, nop's paid statuses, the PaymentIntent statuses that hold money.
 */
const mismatchesSql = (grace: string, paid: string, held: string) => `CASE
  WHEN o."updatedAt" > now() - make_interval(mins => ${grace}::int) THEN '{}'::text[]
  -- Money taken or held for an order nopCommerce has not described (by now its order.placed would be here).
  WHEN o."nopPaymentStatusId" IS NULL THEN
    CASE WHEN p.status = ANY(${held}::text[]) THEN ARRAY['stripe_paid_order_unknown'] ELSE '{}'::text[] END
  ELSE array_remove(ARRAY[
    CASE WHEN p.status = 'succeeded' AND NOT o."nopPaymentStatusId" = ANY(${paid}::int[])
      THEN 'stripe_succeeded_nop_not_paid' END,
    CASE WHEN o."nopPaymentStatusId" = ANY(${paid}::int[]) AND p.status <> 'succeeded'
      THEN 'nop_paid_stripe_not_succeeded' END,
    CASE WHEN o."nopPaymentStatusId" = ANY(${paid}::int[]) AND o."erpDocumentNumber" IS NULL
      THEN 'paid_without_erp_document' END,
    CASE WHEN o."totalMinor" IS NOT NULL AND p.amount <> o."totalMinor" THEN 'amount_differs' END
  ], NULL) END`;

export interface PaymentIntentView {
  id: string;
  status: string;
  captureMethod: string;
  amount: Money;
  amountCapturable: Money;
  amountReceived: Money;
  latestChargeId: string | null;
  /** The failed attempts, then the latest charge unless it failed. */
  charges: ChargeView[];
  updatedAt: Date;
}

export interface ChargeView {
  id: string;
  /** failed, or for the latest charge: succeeded (captured), authorized (awaiting capture), or the PI's status. */
  status: string;
  failureCode: string | null;
  declineCode: string | null;
  message: string | null;
}

export interface ErpDocumentView {
  salesOrderId: string;
  documentNumber: string;
  /** What was sent to the ERP, from the action that created it. */
  total: Money | null;
  /** The currency as the ERP document names it (upper case). */
  documentCurrency: string | null;
  mapping: string | null;
  createdAt: Date | null;
}

export interface ShipmentView {
  nopShipmentId: number | null;
  trackingNumber: string;
  carrier: string;
  /** When nopCommerce got the shipment, and when it was told of the delivery. */
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

export interface TimelineEntryView {
  key: string;
  kind: string;
  name: string;
  detail: unknown;
  at: Date;
}

/** One order as the flow sees it in every system. */
export interface OrderView {
  orderGuid: string;
  nopOrderId: number | null;
  storeId: number | null;
  customOrderNumber: string | null;
  customerId: number | null;
  /** nopCommerce OrderTotal, as its decimal string. */
  orderTotal: string | null;
  total: Money | null;
  paymentStatusId: number | null;
  orderStatusId: number | null;
  nopOrder: unknown;
  paymentIntentId: string | null;
  paymentIntents: PaymentIntentView[];
  erpDocument: ErpDocumentView | null;
  wmsRequest: { id: string; requestedAt: Date | null } | null;
  shipments: ShipmentView[];
  /** Every event and action, oldest first; entries of one millisecond in the flow's order of work. */
  timeline: TimelineEntryView[];
  mismatches: MismatchReason[];
  createdAt: Date;
  updatedAt: Date;
}

/** Which orders to list; every condition is optional but the grace time and the page. */
export interface OrderFilter {
  /** Only these stores (a store-limited token). */
  storeIds?: readonly number[];
  /** Only this nopCommerce customer's orders (the customer view). */
  customerId?: number;
  paymentStatusIds?: readonly number[];
  orderStatusIds?: readonly number[];
  paymentIntentStatuses?: readonly string[];
  createdAfter?: Date;
  createdBefore?: Date;
  /** Decimal strings, inclusive, compared with nopCommerce's OrderTotal. */
  minAmount?: string;
  maxAmount?: string;
  currency?: string;
  /** true: only orders whose systems disagree; false: only those that agree. */
  mismatch?: boolean;
  graceMinutes: number;
  /** Newest first, after this position. */
  after?: { at: Date; id: string };
  limit: number;
}

export type OrderKey = { nopOrderId: number } | { guid: OrderGuid } | { paymentIntentId: string };

interface OrderRow {
  orderGuid: string;
  nopOrderId: number | null;
  storeId: number | null;
  customOrderNumber: string | null;
  customerId: number | null;
  currency: string | null;
  totalMinor: number | null;
  nopOrder: { orderTotal?: string } | null;
  nopPaymentStatusId: number | null;
  nopOrderStatusId: number | null;
  paymentIntentId: string | null;
  erpSalesOrderId: string | null;
  erpDocumentNumber: string | null;
  wmsRequestId: string | null;
  nopShipmentId: number | null;
  trackingNumber: string | null;
  createdAt: string;
  updatedAt: string;
  mismatches: MismatchReason[];
}

interface PaymentRow {
  paymentIntentId: string;
  orderGuid: string | null;
  status: string;
  captureMethod: string;
  currency: string;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  latestChargeId: string | null;
  declines: Decline[] | null;
  updatedAt: string;
}

interface LogRow extends Omit<TimelineEntryView, "at"> {
  aggregate: string;
  at: string;
}

interface NoticeRow {
  orderGuid: string;
  carrier: string;
  trackingNumber: string;
}

// Entries written in the same millisecond are shown in the flow's order of work.
const workOrder = [
  "payment-intent",
  "mark-authorized",
  "capture",
  "void",
  "mark-paid",
  "partial-capture",
  "erp-sales-order",
  "erp-note",
];
const step = (e: TimelineEntryView) => {
  if (e.kind === "event") return 0;
  const at = workOrder.indexOf(e.name);
  return at === -1 ? workOrder.length + (e.name === "wms-request" ? 0 : e.name === "ship" ? 1 : 2) : at + 1;
};

/** Reads for GraphQL, over the flow's tables and the action log, in SQL through the driver. */
export class OrderToCashReadModel {
  constructor(
    private readonly sql: FlowSql,
    private readonly flow = orderToCashFlow,
  ) {}

  /** One order by its nop id, GUID or a PaymentIntent of it (an earlier one too). */
  async find(key: OrderKey, graceMinutes: number): Promise<OrderView | undefined> {
    const [where, value] =
      "guid" in key
        ? [`o."orderGuid" = $4`, key.guid]
        : "nopOrderId" in key
          ? [`o."nopOrderId" = $4::int`, key.nopOrderId]
          : [
              `o."orderGuid" = coalesce((SELECT "orderGuid" FROM "OrderToCashOrder" WHERE "paymentIntentId" = $4),
                 (SELECT "orderGuid" FROM "OrderToCashPayment" WHERE "paymentIntentId" = $4))`,
              key.paymentIntentId,
            ];
    const rows = await this.orders(`${where} ORDER BY o."createdAt" LIMIT 1`, [value], graceMinutes);
    return (await this.views(rows))[0];
  }

  /** A page of orders, newest first (by when the flow first heard of them). */
  async list(filter: OrderFilter): Promise<OrderView[]> {
    const params: unknown[] = [];
    const p = (value: unknown, cast = "") => {
      params.push(value);
      return `$${params.length + 3}${cast}`;
    };
    const where = ["TRUE"];
    if (filter.storeIds) where.push(`o."storeId" = ANY(${p(filter.storeIds, "::int[]")})`);
    if (filter.customerId !== undefined) where.push(`o."customerId" = ${p(filter.customerId, "::int")}`);
    if (filter.paymentStatusIds?.length)
      where.push(`o."nopPaymentStatusId" = ANY(${p(filter.paymentStatusIds, "::int[]")})`);
    if (filter.orderStatusIds?.length) where.push(`o."nopOrderStatusId" = ANY(${p(filter.orderStatusIds, "::int[]")})`);
    if (filter.paymentIntentStatuses?.length)
      where.push(`p.status = ANY(${p(filter.paymentIntentStatuses, "::text[]")})`);
    if (filter.createdAfter) where.push(`o."createdAt" >= ${p(filter.createdAfter.toISOString(), "::timestamptz")}`);
    if (filter.createdBefore) where.push(`o."createdAt" < ${p(filter.createdBefore.toISOString(), "::timestamptz")}`);
    const total = `(o."nopOrder"->>'orderTotal')::numeric`;
    if (filter.minAmount != null) where.push(`${total} >= ${p(filter.minAmount, "::numeric")}`);
    if (filter.maxAmount != null) where.push(`${total} <= ${p(filter.maxAmount, "::numeric")}`);
    if (filter.currency) where.push(`o.currency = ${p(filter.currency.toLowerCase())}`);
    if (filter.mismatch !== undefined) where.push(`(cardinality(mismatches) > 0) = ${p(filter.mismatch, "::boolean")}`);
    if (filter.after) {
      const at = p(filter.after.at.toISOString(), "::timestamptz");
      where.push(`(o."createdAt" < ${at} OR (o."createdAt" = ${at} AND o."orderGuid" < ${p(filter.after.id)}))`);
    }
    const order = `ORDER BY o."createdAt" DESC, o."orderGuid" DESC LIMIT ${p(filter.limit, "::int")}`;
    return this.views(await this.orders(`${where.join(" AND ")} ${order}`, params, filter.graceMinutes));
  }

  /** Order rows with their mismatches; `condition` may use `o` (the order), `p` (its PaymentIntent), mismatches. */
  private async orders(condition: string, params: unknown[], graceMinutes: number): Promise<OrderRow[]> {
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."createdAt" DESC, r."orderGuid" DESC), '[]') AS orders FROM (
         SELECT o.*, mismatches FROM "OrderToCashOrder" o
         LEFT JOIN "OrderToCashPayment" p ON p."paymentIntentId" = o."paymentIntentId"
         CROSS JOIN LATERAL (SELECT ${mismatchesSql("$1", "$2", "$3")} AS mismatches) m
         WHERE ${condition}) r`,
      [Math.max(graceMinutes, 0), paidStatuses, moneyHeldStatuses, ...params],
    );
    return (rows[0] as { orders: OrderRow[] }).orders;
  }

  /** Everything else stored about these orders, in three statements whatever the page size. */
  private async views(rows: OrderRow[]): Promise<OrderView[]> {
    if (rows.length === 0) return [];
    const guids = rows.map((r) => r.orderGuid);
    const intents = rows.flatMap((r) => (r.paymentIntentId ? [r.paymentIntentId] : []));
    const [payments, log, notices] = await Promise.all([
      this.json<PaymentRow>(
        `SELECT * FROM "OrderToCashPayment" WHERE "orderGuid" = ANY($1::text[]) OR "paymentIntentId" = ANY($2::text[])`,
        [guids, intents],
        `"updatedAt"`,
      ),
      this.json<LogRow>(
        `SELECT key, aggregate, kind, name, detail, at FROM "ActionLogEntry"
         WHERE flow = $1 AND aggregate = ANY($2::text[])`,
        [this.flow, guids],
        "at",
      ),
      this.json<NoticeRow>(
        `SELECT "orderGuid", carrier, "trackingNumber", "receivedAt" FROM "OrderToCashShipmentNotice"
         WHERE "orderGuid" = ANY($1::text[])`,
        [guids],
        `"receivedAt"`,
      ),
    ]);
    return rows.map((row) => {
      const timeline = log
        .filter((e) => e.aggregate === row.orderGuid)
        .map(({ key, kind, name, detail, at }) => ({ key, kind, name, detail, at: new Date(at) }))
        .sort((a, b) => a.at.getTime() - b.at.getTime() || step(a) - step(b));
      const action = (name: string) => timeline.find((e) => e.kind === "action" && e.name === name);
      const mine = payments.filter((p) => p.orderGuid === row.orderGuid || p.paymentIntentId === row.paymentIntentId);
      return {
        orderGuid: row.orderGuid,
        nopOrderId: row.nopOrderId,
        storeId: row.storeId,
        customOrderNumber: row.customOrderNumber,
        customerId: row.customerId,
        orderTotal: row.nopOrder?.orderTotal ?? null,
        total: row.currency !== null && row.totalMinor !== null ? money(row.totalMinor, row.currency) : null,
        paymentStatusId: row.nopPaymentStatusId,
        orderStatusId: row.nopOrderStatusId,
        nopOrder: row.nopOrder,
        paymentIntentId: row.paymentIntentId,
        paymentIntents: mine.map(paymentView),
        erpDocument: erpDocumentView(row, action("erp-sales-order")),
        wmsRequest: row.wmsRequestId ? { id: row.wmsRequestId, requestedAt: action("wms-request")?.at ?? null } : null,
        shipments: shipmentsView(
          row,
          notices.filter((n) => n.orderGuid === row.orderGuid),
          action,
        ),
        timeline,
        mismatches: row.mismatches,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
      };
    });
  }

  private async json<T>(query: string, params: unknown[], orderBy: string): Promise<T[]> {
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.${orderBy}), '[]') AS rows FROM (${query}) r`,
      params,
    );
    return (rows[0] as { rows: T[] }).rows;
  }
}

function paymentView(p: PaymentRow): PaymentIntentView {
  const declines = p.declines ?? [];
  const charges: ChargeView[] = declines.map((d) => ({
    id: d.id,
    status: "failed",
    failureCode: d.code,
    declineCode: d.declineCode,
    message: d.message,
  }));
  if (p.latestChargeId && !declines.some((d) => d.id === p.latestChargeId)) {
    const status = p.status === "succeeded" ? "succeeded" : p.status === "requires_capture" ? "authorized" : p.status;
    charges.push({ id: p.latestChargeId, status, failureCode: null, declineCode: null, message: null });
  }
  return {
    id: p.paymentIntentId,
    status: p.status,
    captureMethod: p.captureMethod,
    amount: money(p.amount, p.currency),
    amountCapturable: money(p.amountCapturable, p.currency),
    amountReceived: money(p.amountReceived, p.currency),
    latestChargeId: p.latestChargeId,
    charges,
    updatedAt: new Date(p.updatedAt),
  };
}

function erpDocumentView(row: OrderRow, created: TimelineEntryView | undefined): ErpDocumentView | null {
  if (!row.erpSalesOrderId || !row.erpDocumentNumber) return null;
  const detail = (created?.detail ?? {}) as { total?: number; currency?: string; mapping?: string };
  return {
    salesOrderId: row.erpSalesOrderId,
    documentNumber: row.erpDocumentNumber,
    total: detail.total !== undefined && detail.currency ? money(detail.total, detail.currency) : null,
    documentCurrency: detail.currency ?? null,
    mapping: detail.mapping ?? null,
    createdAt: created?.at ?? null,
  };
}

function shipmentsView(
  row: OrderRow,
  notices: NoticeRow[],
  action: (name: string) => TimelineEntryView | undefined,
): ShipmentView[] {
  const first = notices[0];
  if (!first && row.nopShipmentId === null) return [];
  return [
    {
      nopShipmentId: row.nopShipmentId,
      trackingNumber: row.trackingNumber ?? first?.trackingNumber ?? "",
      carrier: first?.carrier ?? "",
      shippedAt: action("ship")?.at ?? null,
      deliveredAt: action("deliver")?.at ?? null,
    },
  ];
}
