import { ActionLog, type StoredLogEntry } from "../../flow-kit/action-log.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import { type RecurringPaymentRow, recurringPaymentOf } from "./adapters/sql-subscriptions-store.js";
import { hasEnded } from "./plan-subscription.js";
import { subscriptionsFlow } from "./subscription-actions.js";
import type { RecurringPaymentRecord } from "./subscriptions-store.js";

/**
 * Where the two sides stand together: `billing` (Stripe bills it, nop active), `not-billed` (Stripe must not:
 * Manual, one cycle...), `waiting` (for the first order's payment), `ended` (both sides stopped), `drifting` (one
 * side stopped, the other not yet: the flow is carrying it across, or the drift check will).
 */
export type SubscriptionSync = "billing" | "not-billed" | "waiting" | "ended" | "drifting";

/** A recurring payment as GraphQL shows it: both systems' state, the invoices Stripe reported, and the sync. */
export interface SubscriptionView extends RecurringPaymentRecord {
  sync: SubscriptionSync;
  paidInvoices: number;
  failedAttempts: number;
  updatedAt: Date;
}

export interface SubscriptionFilter {
  nopCustomerId?: number;
  sync?: SubscriptionSync;
  /** Keyset: recurring payments with a larger id than this one. */
  after?: number;
  limit: number;
}

type Row = RecurringPaymentRow & { paidInvoices: number; failedAttempts: number };

export function syncOf(rp: RecurringPaymentRecord): SubscriptionSync {
  if (rp.notBilledReason !== null) return "not-billed";
  if (!rp.stripe) return rp.nopActive ? "waiting" : "ended";
  const ended = hasEnded(rp.stripe.status);
  if (ended !== !rp.nopActive) return "drifting";
  return ended ? "ended" : "billing";
}

const viewOf = (row: Row): SubscriptionView => {
  const record = recurringPaymentOf(row);
  return {
    ...record,
    sync: syncOf(record),
    paidInvoices: Number(row.paidInvoices),
    failedAttempts: Number(row.failedAttempts),
    updatedAt: new Date(row.updatedAt),
  };
};

const counted = (outcome: string) =>
  `(SELECT count(DISTINCT i."invoiceId") FROM "SubscriptionInvoiceAttempt" i
     WHERE i."subscriptionId" = rp."stripeSubscriptionId" AND i.outcome = '${outcome}')`;
const countedAttempts = `(SELECT count(*) FROM "SubscriptionInvoiceAttempt" i
     WHERE i."subscriptionId" = rp."stripeSubscriptionId" AND i.outcome = 'failed')`;

/** What GraphQL reads of subscriptions; GraphQL only maps it. */
export class SubscriptionsReadModel {
  private readonly log: ActionLog;

  constructor(private readonly sql: FlowSql) {
    this.log = new ActionLog(sql, subscriptionsFlow);
  }

  async byId(recurringPaymentId: number): Promise<SubscriptionView | undefined> {
    return (await this.list({ limit: 1, after: recurringPaymentId - 1 })).find(
      (v) => v.recurringPaymentId === recurringPaymentId,
    );
  }

  /** Oldest first by recurring payment id; `limit + 1` rows tell the caller whether there is a next page. */
  async list(filter: SubscriptionFilter): Promise<SubscriptionView[]> {
    const params: unknown[] = [filter.after ?? 0];
    const where = [`rp."recurringPaymentId" > $1`];
    if (filter.nopCustomerId !== undefined) {
      params.push(filter.nopCustomerId);
      where.push(`rp."nopCustomerId" = $${params.length}`);
    }
    // The sync is a rule over both sides (syncOf): pages are read and filtered here, until full.
    const views: SubscriptionView[] = [];
    for (let after = filter.after ?? 0; views.length <= filter.limit; ) {
      params[0] = after;
      const { rows } = await this.sql.query(
        `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r."recurringPaymentId"), '[]') AS rows FROM (
           SELECT rp.*, ${counted("paid")} AS "paidInvoices", ${countedAttempts} AS "failedAttempts"
           FROM "SubscriptionRecurringPayment" rp WHERE ${where.join(" AND ")}
           ORDER BY rp."recurringPaymentId" LIMIT ${filter.limit + 1}) r`,
        params,
      );
      const page = (rows[0] as { rows: Row[] }).rows.map(viewOf);
      views.push(...page.filter((v) => filter.sync === undefined || v.sync === filter.sync));
      if (page.length <= filter.limit) break;
      after = page.at(-1)!.recurringPaymentId;
    }
    return views.slice(0, filter.limit + 1);
  }

  /** What the flow saw and did about the recurring payment, oldest first. */
  timeline(recurringPaymentId: number): Promise<StoredLogEntry[]> {
    return this.log.entries([String(recurringPaymentId)]);
  }
}
