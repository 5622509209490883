import type { RefundId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/**
 * What the payouts flow may read of refunds: the amount the refunds flow recorded (and records in nopCommerce) for
 * each Stripe refund. A Stripe refund it never heard of is absent. Read only through this, never the table.
 */
export interface RecordedRefunds {
  amountsOf(refundIds: readonly RefundId[]): Promise<Map<RefundId, Money>>;
}

export class SqlRecordedRefunds implements RecordedRefunds {
  constructor(private readonly sql: FlowSql) {}

  async amountsOf(refundIds: readonly RefundId[]): Promise<Map<RefundId, Money>> {
    if (refundIds.length === 0) return new Map();
    const { rows } = await this.sql.query(
      `SELECT coalesce(jsonb_agg(jsonb_build_array("stripeRefundId", amount, currency)), '[]') AS refunds
       FROM "RefundRequest" WHERE "stripeRefundId" = ANY($1::text[])`,
      [refundIds],
    );
    const found = (rows[0] as { refunds: [RefundId, number | string, string][] }).refunds;
    return new Map(found.map(([id, amount, currency]) => [id, money(Number(amount), currency)]));
  }
}
