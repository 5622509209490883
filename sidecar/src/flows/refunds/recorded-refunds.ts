import type { RefundId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import { refundsFlow } from "./refund-actions.js";

/**
 * What the payouts flow may read of refunds: the amount of each Stripe refund that nopCommerce has recorded (the
 * admin's own refunds, and those the refunds flow recorded there: its `nop-record` action done and not refused).
 * A refund nopCommerce has no record of is absent. Read only through this, never the tables.
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
       FROM "RefundRequest" r WHERE "stripeRefundId" = ANY($1::text[])
         AND (origin = 'admin' OR EXISTS (SELECT 1 FROM "ActionLogEntry" a
           WHERE a.key = $2 || ':' || r."orderGuid" || ':nop-record:' || r.key AND NOT (a.detail ? 'refused')))`,
      [refundIds, refundsFlow],
    );
    const found = (rows[0] as { refunds: [RefundId, number | string, string][] }).refunds;
    return new Map(found.map(([id, amount, currency]) => [id, money(Number(amount), currency)]));
  }
}
