import { type OrderGuid, orderGuid, type PaymentIntentId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** What the warehouse reported about an order's shipment (its WMS callbacks). */
export interface ShipmentReport {
  fulfillmentRequestId: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: string;
  deliveredAt: string | null;
}

/** An order as order-to-cash knows it, for flows about its payment (a dispute, a refund). */
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
 * The narrow read port order-to-cash offers other flows: the order a PaymentIntent paid for. Other flows read
 * order-to-cash's data only through this, never its tables or store.
 */
export interface OrderOfPaymentLookup {
  orderOfPayment(paymentIntentId: PaymentIntentId): Promise<OrderOfPayment | undefined>;
}

type Row = Omit<OrderOfPayment, "total" | "orderGuid" | "shipment"> & {
  orderGuid: string;
  currency: string | null;
  totalMinor: number | null;
  shipped: { data: Omit<ShipmentReport, "deliveredAt"> & { deliveredAt?: string } } | null;
  delivered: { data: { deliveredAt?: string } } | null;
};

/** The lookup in SQL, one statement, on both backends. */
export class SqlOrderOfPaymentLookup implements OrderOfPaymentLookup {
  constructor(private readonly sql: FlowSql) {}

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
    const row = (rows[0] as { order: Row | null } | undefined)?.order;
    if (!row) return undefined;
    const { currency, totalMinor, shipped, delivered, ...order } = row;
    const report = (shipped ?? delivered) as Row["shipped"];
    return {
      ...order,
      orderGuid: orderGuid(row.orderGuid),
      total: currency !== null && totalMinor !== null ? money(totalMinor, currency) : null,
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
