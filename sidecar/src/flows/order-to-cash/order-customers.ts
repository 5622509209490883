import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { OrderGuid } from "../../domain/ids.js";
import { PaymentStatus } from "../../domain/nop-statuses.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";

/** A customer's paid orders with this store before one order, in that order's currency (the risk score's history). */
export interface CustomerHistory {
  paidOrders: number;
  meanPaidMinor: number | null;
  maxPaidMinor: number | null;
  refundedOrDisputed: number;
}

/**
 * What another flow may read of an order's customer, as order-to-cash stored it (the risk flow): the order as
 * nopCommerce described it, and the customer's earlier paid orders. Read only through this, never the tables.
 */
export interface OrderCustomers {
  orderOf(orderGuid: OrderGuid): Promise<NopOrder | undefined>;
  /** Orders of the customer other than `except`, paid (or refunded after paying) in `currency`. */
  historyOf(customerId: number, currency: string, except?: OrderGuid): Promise<CustomerHistory>;
}

const paidStatuses = [PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];
const refundedStatuses = [PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];

export class SqlOrderCustomers implements OrderCustomers {
  constructor(private readonly sql: FlowSql) {}

  async orderOf(orderGuid: OrderGuid): Promise<NopOrder | undefined> {
    const { rows } = await this.sql.query(`SELECT "nopOrder" AS o FROM "OrderToCashOrder" WHERE "orderGuid" = $1`, [
      orderGuid,
    ]);
    return ((rows[0] as { o: NopOrder | null } | undefined)?.o ?? undefined) as NopOrder | undefined;
  }

  async historyOf(customerId: number, currency: string, except?: OrderGuid): Promise<CustomerHistory> {
    const { rows } = await this.sql.query(
      `SELECT count(*)::int AS paid, avg("totalMinor")::float8 AS mean, max("totalMinor")::float8 AS max,
         count(*) FILTER (WHERE "nopPaymentStatusId" = ANY($4::int[]))::int AS refunded
       FROM "OrderToCashOrder" WHERE "customerId" = $1 AND lower(currency) = $2 AND "orderGuid" <> $3
         AND "nopPaymentStatusId" = ANY($5::int[])`,
      [customerId, currency.toLowerCase(), except ?? "", refundedStatuses, paidStatuses],
    );
    const row = rows[0] as { paid: number; mean: number | null; max: number | null; refunded: number };
    return {
      paidOrders: row.paid,
      meanPaidMinor: row.mean === null ? null : Math.round(row.mean),
      maxPaidMinor: row.max,
      refundedOrDisputed: row.refunded,
    };
  }
}
