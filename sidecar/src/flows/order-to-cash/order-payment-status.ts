import type { OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import { PaymentStatus } from "../../domain/nop-statuses.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** What nopCommerce says of the order a Stripe payment was for, as order-to-cash last stored it. */
export interface NopPaymentStatus {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  /** nopCommerce's payment status id (null until nopCommerce described the order). */
  paymentStatusId: number | null;
  /** Paid, or refunded after paying. */
  paid: boolean;
  /** Partially or fully refunded. */
  refunded: boolean;
  /** OrderTotal in minor units, once nopCommerce described the order. */
  total: Money | null;
}

/**
 * The drift check's narrow read port (ledger-drift): nopCommerce's payment status of the order a PaymentIntent
 * paid for. Other modules read order-to-cash's data only through ports like this, never its tables.
 */
export interface OrderPaymentStatuses {
  ofPaymentIntent(paymentIntentId: PaymentIntentId): Promise<NopPaymentStatus | undefined>;
}

const paid = new Set<number>([PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded]);
const refunded = new Set<number>([PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded]);

interface StatusRow {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  nopPaymentStatusId: number | null;
  currency: string | null;
  totalMinor: string | null;
}

export class SqlOrderPaymentStatuses implements OrderPaymentStatuses {
  constructor(private readonly sql: FlowSql) {}

  async ofPaymentIntent(paymentIntentId: PaymentIntentId): Promise<NopPaymentStatus | undefined> {
    // The stored payment names its order (an earlier PaymentIntent of the order too), else the order's own.
    const { rows } = await this.sql.query(
      `SELECT o."orderGuid", o."nopOrderId", o."nopPaymentStatusId", o.currency, o."totalMinor"::text AS "totalMinor"
       FROM "OrderToCashOrder" o
       WHERE o."orderGuid" = coalesce((SELECT "orderGuid" FROM "OrderToCashPayment" WHERE "paymentIntentId" = $1),
         (SELECT "orderGuid" FROM "OrderToCashOrder" WHERE "paymentIntentId" = $1 LIMIT 1))`,
      [paymentIntentId],
    );
    const row = rows[0] as StatusRow | undefined;
    if (!row) return undefined;
    const status = row.nopPaymentStatusId;
    return {
      orderGuid: row.orderGuid,
      nopOrderId: row.nopOrderId,
      paymentStatusId: status,
      paid: status !== null && paid.has(status),
      refunded: status !== null && refunded.has(status),
      total: row.currency !== null && row.totalMinor !== null ? money(Number(row.totalMinor), row.currency) : null,
    };
  }
}
