import { type OrderGuid, orderGuid, type PaymentIntentId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** What another flow may read of an order's payment, as order-to-cash knows it (refunds). */
export interface OrderPayment {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  storeId: number | null;
  /** The nopCommerce payment method of the order (ours is Payments.StripeSidecar). */
  paymentMethodSystemName: string | null;
  /** OrderTotal in minor units, once nopCommerce described the order. */
  total: Money | null;
  paymentIntentId: PaymentIntentId | null;
  /** What Stripe received for the order (null: no PaymentIntent stored). */
  amountReceived: Money | null;
  erpSalesOrderId: string | null;
}

/** What the warehouse reported about an order's shipment (its WMS callbacks). */
export interface ShipmentReport {
  fulfillmentRequestId: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt: string | null;
}

/** The order a PaymentIntent paid for, with what the ERP and the warehouse made of it (disputes). */
export interface OrderOfPayment {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  storeId: number | null;
  customOrderNumber: string | null;
  total: Money | null;
  erpDocumentNumber: string | null;
  wmsRequestId: string | null;
  /** Null until the WMS reported the order shipped. */
  shipment: ShipmentReport | null;
}

/**
 * The one narrow read port order-to-cash offers other flows (refunds, disputes). Other flows read order-to-cash's
 * data only through this, never its tables or store.
 */
export interface OrderPayments {
  /** An order's payment, by the order. */
  byOrder(orderGuid: OrderGuid): Promise<OrderPayment | undefined>;
  /** Which order a PaymentIntent paid for (stored payment first, else the order's PaymentIntent). */
  orderOfPaymentIntent(paymentIntentId: PaymentIntentId): Promise<OrderGuid | undefined>;
  /** The order a PaymentIntent paid for, with its ERP document, WMS request and shipment report. */
  orderOfPayment(paymentIntentId: PaymentIntentId): Promise<OrderOfPayment | undefined>;
}

interface PaymentRow {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  storeId: number | null;
  method: string | null;
  currency: string | null;
  totalMinor: number | null;
  paymentIntentId: PaymentIntentId | null;
  payCurrency: string | null;
  amountReceived: number | null;
  erpSalesOrderId: string | null;
}

type OrderOfPaymentRow = Omit<OrderOfPayment, "total" | "orderGuid" | "shipment"> & {
  orderGuid: string;
  currency: string | null;
  totalMinor: number | null;
  shipped: { data: Omit<ShipmentReport, "deliveredAt"> & { deliveredAt?: string } } | null;
  delivered: { data: { deliveredAt?: string } } | null;
};

const moneyOrNull = (minor: number | null, currency: string | null): Money | null =>
  currency !== null && minor !== null ? money(minor, currency) : null;

/** The port in SQL over order-to-cash's tables, one statement per question, on both backends. */
export class SqlOrderPayments implements OrderPayments {
  constructor(private readonly sql: FlowSql) {}

  async byOrder(orderGuid: OrderGuid): Promise<OrderPayment | undefined> {
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT o."orderGuid", o."nopOrderId", o."storeId",
         o."nopOrder"->>'paymentMethodSystemName' AS method, o.currency, o."totalMinor", o."paymentIntentId",
         p.currency AS "payCurrency", p."amountReceived", o."erpSalesOrderId"
         FROM "OrderToCashOrder" o LEFT JOIN "OrderToCashPayment" p ON p."paymentIntentId" = o."paymentIntentId"
         WHERE o."orderGuid" = $1) r) AS row`,
      [orderGuid],
    );
    const row = (rows[0] as { row: PaymentRow | null } | undefined)?.row;
    if (!row) return undefined;
    return {
      orderGuid: row.orderGuid,
      nopOrderId: row.nopOrderId,
      storeId: row.storeId,
      paymentMethodSystemName: row.method,
      total: moneyOrNull(row.totalMinor, row.currency),
      paymentIntentId: row.paymentIntentId,
      amountReceived: moneyOrNull(row.amountReceived, row.payCurrency),
      erpSalesOrderId: row.erpSalesOrderId,
    };
  }

  async orderOfPaymentIntent(paymentIntentId: PaymentIntentId): Promise<OrderGuid | undefined> {
    const { rows } = await this.sql.query(
      `SELECT coalesce((SELECT "orderGuid" FROM "OrderToCashPayment" WHERE "paymentIntentId" = $1),
         (SELECT "orderGuid" FROM "OrderToCashOrder" WHERE "paymentIntentId" = $1 LIMIT 1)) AS guid`,
      [paymentIntentId],
    );
    return ((rows[0] as { guid: OrderGuid | null } | undefined)?.guid ?? undefined) as OrderGuid | undefined;
  }

  async orderOfPayment(paymentIntentId: PaymentIntentId): Promise<OrderOfPayment | undefined> {
    const notice = (type: string) =>
      `(SELECT payload FROM "OrderToCashShipmentNotice" n WHERE n."orderGuid" = o."orderGuid" AND n.type = '${type}'
        ORDER BY n."receivedAt" LIMIT 1)`;
    const { rows } = await this.sql.query(
      `SELECT (SELECT to_jsonb(r) FROM (SELECT o."orderGuid", o."nopOrderId", o."storeId", o."customOrderNumber",
         o.currency, o."totalMinor", o."erpDocumentNumber", o."wmsRequestId",
         ${notice("shipment.shipped")} AS shipped, ${notice("shipment.delivered")} AS delivered
         FROM "OrderToCashOrder" o WHERE o."paymentIntentId" = $1) r) AS "order"`,
      [paymentIntentId],
    );
    const row = (rows[0] as { order: OrderOfPaymentRow | null } | undefined)?.order;
    if (!row) return undefined;
    const { currency, totalMinor, shipped, delivered, ...order } = row;
    const report = (shipped ?? delivered) as OrderOfPaymentRow["shipped"];
    return {
      ...order,
      orderGuid: orderGuid(row.orderGuid),
      total: moneyOrNull(totalMinor, currency),
      shipment: report
        ? {
            fulfillmentRequestId: report.data.fulfillmentRequestId,
            carrier: report.data.carrier,
            trackingNumber: report.data.trackingNumber,
            shippedAt: report.data.shippedAt,
            deliveredAt: delivered?.data.deliveredAt ?? null,
          }
        : null,
    };
  }
}
