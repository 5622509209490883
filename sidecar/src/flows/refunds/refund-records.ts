import type { OrderGuid, RefundId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** A Stripe refund as the refunds flow recorded it (it tells nopCommerce and the ERP of every one it records). */
export interface RecordedRefund {
  orderGuid: OrderGuid;
  amount: Money;
}

/**
 * The drift check's narrow read port (ledger-drift): whether the refunds flow knows a Stripe refund. Other modules
 * read the refunds flow's data only through ports like this, never its tables.
 */
export interface RefundRecords {
  ofStripeRefund(refundId: RefundId): Promise<RecordedRefund | undefined>;
}

export class SqlRefundRecords implements RefundRecords {
  constructor(private readonly sql: FlowSql) {}

  async ofStripeRefund(refundId: RefundId): Promise<RecordedRefund | undefined> {
    const { rows } = await this.sql.query(
      `SELECT "orderGuid", currency, amount::text AS amount FROM "RefundRequest" WHERE "stripeRefundId" = $1`,
      [refundId],
    );
    const row = rows[0] as { orderGuid: OrderGuid; currency: string; amount: string } | undefined;
    return row ? { orderGuid: row.orderGuid, amount: money(Number(row.amount), row.currency) } : undefined;
  }
}
