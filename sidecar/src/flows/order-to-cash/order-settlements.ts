import type { ChargeId, OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { type Money, money } from "../../domain/money.js";
import { PaymentStatus } from "../../domain/nop-statuses.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** An order as payout reconciliation compares it with what Stripe settled. */
export interface OrderSettlement {
  orderGuid: OrderGuid;
  /** OrderTotal in minor units, once nopCommerce described the order. */
  total: Money | null;
  /** nopCommerce's payment status is Paid, PartiallyRefunded or Refunded (each implies it was paid). */
  paidInNop: boolean;
  /** Every PaymentIntent and charge stored for the order: how a balance transaction finds it. */
  paymentIntentIds: PaymentIntentId[];
  chargeIds: ChargeId[];
}

/** Which orders a page of balance transactions is about, by any id its sources carry. */
export interface SettlementKeys {
  orderGuids: readonly OrderGuid[];
  paymentIntentIds: readonly PaymentIntentId[];
  chargeIds: readonly ChargeId[];
}

/**
 * What the payouts flow may read of orders, as order-to-cash stored them. Read only through this, never the
 * tables; one statement per page of transactions.
 */
export interface OrderSettlements {
  find(keys: SettlementKeys): Promise<OrderSettlement[]>;
}

interface SettlementRow {
  orderGuid: OrderGuid;
  currency: string | null;
  totalMinor: number | null;
  paymentStatus: number | null;
  intents: PaymentIntentId[];
  charges: ChargeId[];
}

const paidStatuses: readonly number[] = [PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

export class SqlOrderSettlements implements OrderSettlements {
  constructor(private readonly sql: FlowSql) {}

  async find(keys: SettlementKeys): Promise<OrderSettlement[]> {
    const { rows } = await this.sql.query(
      `WITH wanted AS (
         SELECT unnest($1::text[]) AS guid
         UNION SELECT "orderGuid" FROM "OrderToCashOrder" WHERE "paymentIntentId" = ANY($2::text[])
         UNION SELECT "orderGuid" FROM "OrderToCashPayment"
           WHERE "orderGuid" IS NOT NULL AND ("paymentIntentId" = ANY($2::text[]) OR "latestChargeId" = ANY($3::text[])))
       SELECT coalesce(jsonb_agg(jsonb_build_object('orderGuid', o."orderGuid", 'currency', o.currency,
         'totalMinor', o."totalMinor", 'paymentStatus', o."nopPaymentStatusId",
         'intents', (SELECT coalesce(jsonb_agg(DISTINCT i), '[]') FROM (
            SELECT o."paymentIntentId" AS i WHERE o."paymentIntentId" IS NOT NULL
            UNION SELECT "paymentIntentId" FROM "OrderToCashPayment" WHERE "orderGuid" = o."orderGuid") pis),
         'charges', (SELECT coalesce(jsonb_agg(DISTINCT "latestChargeId"), '[]') FROM "OrderToCashPayment"
            WHERE "latestChargeId" IS NOT NULL AND ("orderGuid" = o."orderGuid" OR "paymentIntentId" = o."paymentIntentId"))
       )), '[]') AS orders
       FROM "OrderToCashOrder" o WHERE o."orderGuid" IN (SELECT guid FROM wanted)`,
      [keys.orderGuids, keys.paymentIntentIds, keys.chargeIds],
    );
    const found = (rows[0] as { orders: SettlementRow[] }).orders;
    return found.map((row) => ({
      orderGuid: row.orderGuid,
      total: row.currency !== null && row.totalMinor !== null ? money(Number(row.totalMinor), row.currency) : null,
      paidInNop: row.paymentStatus !== null && paidStatuses.includes(row.paymentStatus),
      paymentIntentIds: row.intents,
      chargeIds: row.charges,
    }));
  }
}
