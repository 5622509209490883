import type { OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** What another flow may read of an order's payment, as order-to-cash knows it. */
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

/**
 * The narrow read port order-to-cash offers other flows (refunds, disputes): an order's payment, and the order of a
 * PaymentIntent. Other flows read these, never order-to-cash's tables or internals.
 */
export interface OrderPaymentsReader {
  byOrder(orderGuid: OrderGuid): Promise<OrderPayment | undefined>;
  orderOfPaymentIntent(paymentIntentId: PaymentIntentId): Promise<OrderGuid | undefined>;
}

interface Row {
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

/** The reader in SQL over order-to-cash's tables (one statement each). */
export function sqlOrderPaymentsReader(sql: FlowSql): OrderPaymentsReader {
  return {
    async byOrder(orderGuid) {
      const { rows } = await sql.query(
        `SELECT (SELECT to_jsonb(r) FROM (SELECT o."orderGuid", o."nopOrderId", o."storeId",
           o."nopOrder"->>'paymentMethodSystemName' AS method, o.currency, o."totalMinor", o."paymentIntentId",
           p.currency AS "payCurrency", p."amountReceived", o."erpSalesOrderId"
           FROM "OrderToCashOrder" o LEFT JOIN "OrderToCashPayment" p ON p."paymentIntentId" = o."paymentIntentId"
           WHERE o."orderGuid" = $1) r) AS row`,
        [orderGuid],
      );
      const row = (rows[0] as { row: Row | null } | undefined)?.row;
      if (!row) return undefined;
      return {
        orderGuid: row.orderGuid,
        nopOrderId: row.nopOrderId,
        storeId: row.storeId,
        paymentMethodSystemName: row.method,
        total: row.currency !== null && row.totalMinor !== null ? money(row.totalMinor, row.currency) : null,
        paymentIntentId: row.paymentIntentId,
        amountReceived:
          row.payCurrency !== null && row.amountReceived !== null ? money(row.amountReceived, row.payCurrency) : null,
        erpSalesOrderId: row.erpSalesOrderId,
      };
    },
    async orderOfPaymentIntent(paymentIntentId) {
      const { rows } = await sql.query(
        `SELECT coalesce((SELECT "orderGuid" FROM "OrderToCashPayment" WHERE "paymentIntentId" = $1),
           (SELECT "orderGuid" FROM "OrderToCashOrder" WHERE "paymentIntentId" = $1 LIMIT 1)) AS guid`,
        [paymentIntentId],
      );
      return ((rows[0] as { guid: OrderGuid | null } | undefined)?.guid ?? undefined) as OrderGuid | undefined;
    },
  };
}
