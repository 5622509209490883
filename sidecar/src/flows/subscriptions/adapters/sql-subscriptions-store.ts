import type { NopRecurringPayment } from "@nop-stripe/contract/nop-entities.js";
import type { RecurringCyclePeriodId, RecurringPaymentTypeId } from "@nop-stripe/contract/nop-enums.js";
import type { SqlRunner } from "../../../db/migrate.js";
import { type OrderGuid, orderGuid } from "../../../domain/ids.js";
import { type Money, money } from "../../../domain/money.js";
import type { BilledSoFar } from "../../../domain/subscriptions/recurring-cycle.js";
import { type ActionLog, doneKeysSql, type LogEntry, loggedWith } from "../../../flow-kit/action-log.js";
import type { InvoiceSnapshot, SubscriptionSnapshot } from "../../../ports/stripe-subscriptions.js";
import { subscriptionsFlow } from "../subscription-actions.js";
import type { InvoiceAttempt, RecurringPaymentRecord, StripeSide, SubscriptionsStore } from "../subscriptions-store.js";

/** A row as it travels (to_jsonb): amounts as minor units, times as ISO text. */
export interface RecurringPaymentRow {
  recurringPaymentId: number;
  initialOrderGuid: string;
  nopCustomerId: number;
  productId: number | null;
  cycleLength: number;
  cyclePeriodId: number;
  totalCycles: number;
  recurringPaymentTypeId: number;
  startDateUtc: string;
  nopActive: boolean;
  nopCancelledBy: "nopcommerce" | "stripe" | null;
  nopVersion: number;
  stripeSubscriptionId: string | null;
  stripeCustomerId: string | null;
  stripePriceId: string | null;
  stripeItemId: string | null;
  firstInvoiceId: string | null;
  stripeStatus: string | null;
  stripeCancelAt: string | null;
  stripeEndedAt: string | null;
  currency: string | null;
  amountMinor: number | null;
  notBilledReason: string | null;
  updatedAt: string;
  /** Its SubscriptionBackfilled row, where the statement reads it. */
  backfilled?: { billedCycles: number; nextPaymentDateUtc: string | null; cyclesRemaining: number } | null;
}

interface InvoiceRow {
  invoiceId: string;
  attempt: number;
  outcome: "paid" | "failed";
  billingReason: string;
  currency: string;
  amountMinor: number;
  invoiceCreated: string;
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

export function recurringPaymentOf(row: RecurringPaymentRow): RecurringPaymentRecord {
  const stripe: StripeSide | null = row.stripeSubscriptionId
    ? {
        subscriptionId: row.stripeSubscriptionId,
        customerId: row.stripeCustomerId ?? "",
        priceId: row.stripePriceId,
        itemId: row.stripeItemId,
        firstInvoiceId: row.firstInvoiceId,
        status: row.stripeStatus ?? "incomplete",
        cancelAt: date(row.stripeCancelAt),
        endedAt: date(row.stripeEndedAt),
      }
    : null;
  return {
    recurringPaymentId: row.recurringPaymentId,
    initialOrderGuid: orderGuid(row.initialOrderGuid),
    nopCustomerId: row.nopCustomerId,
    productId: row.productId,
    cycle: {
      cycleLength: row.cycleLength,
      cyclePeriodId: row.cyclePeriodId as RecurringCyclePeriodId,
      totalCycles: row.totalCycles,
    },
    recurringPaymentTypeId: row.recurringPaymentTypeId as RecurringPaymentTypeId,
    startDate: new Date(row.startDateUtc),
    nopActive: row.nopActive,
    nopCancelledBy: row.nopCancelledBy,
    nopVersion: Number(row.nopVersion),
    price: row.currency !== null && row.amountMinor !== null ? money(Number(row.amountMinor), row.currency) : null,
    stripe,
    notBilledReason: row.notBilledReason,
    backfilled: row.backfilled
      ? {
          billedCycles: row.backfilled.billedCycles,
          nextPaymentDate: date(row.backfilled.nextPaymentDateUtc),
          cyclesRemaining: row.backfilled.cyclesRemaining,
        }
      : null,
  };
}

const backfilledJson = `(SELECT to_jsonb(b) FROM "SubscriptionBackfilled" b
  WHERE b."recurringPaymentId" = rp."recurringPaymentId")`;

const invoiceOf = (row: InvoiceRow): InvoiceAttempt => ({
  invoiceId: row.invoiceId,
  attempt: row.attempt,
  outcome: row.outcome,
  billingReason: row.billingReason,
  amount: money(Number(row.amountMinor), row.currency),
  invoiceCreated: new Date(row.invoiceCreated),
});

const insertRecurringPayment = `INSERT INTO "SubscriptionRecurringPayment" ("recurringPaymentId",
  "initialOrderGuid", "nopCustomerId", "productId", "cycleLength", "cyclePeriodId", "totalCycles",
  "recurringPaymentTypeId", "startDateUtc", "nopActive", "nopCancelledBy", "nopVersion")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10, CASE WHEN $10 THEN NULL ELSE $11 END, $12)`;

/** Parameters $1..$12 of `insertRecurringPayment`. */
const recurringPaymentValues = (
  rp: NopRecurringPayment,
  version: number,
  cancelledBy: "nopcommerce" | "stripe" | null,
) => [
  rp.id,
  rp.initialOrderGuid.toLowerCase(),
  rp.customerId,
  rp.productId ?? null,
  rp.cycleLength,
  rp.cyclePeriodId,
  rp.totalCycles,
  rp.recurringPaymentTypeId ?? 0,
  rp.startDateUtc,
  rp.isActive && !rp.deleted,
  cancelledBy,
  version,
];

/** The flow's store in SQL, each change and its log entry in one statement, on both backends. */
export class SqlSubscriptionsStore implements SubscriptionsStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly log: ActionLog,
  ) {}

  async load(recurringPaymentId: number) {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(rp) || jsonb_build_object('backfilled', ${backfilledJson}) AS rp,
         (SELECT coalesce(jsonb_agg(to_jsonb(i)), '[]') FROM "SubscriptionInvoiceAttempt" i
           WHERE i."subscriptionId" = rp."stripeSubscriptionId") AS invoices,
         ${doneKeysSql("$2", "$3")} AS done
       FROM "SubscriptionRecurringPayment" rp WHERE rp."recurringPaymentId" = $1`,
      [recurringPaymentId, subscriptionsFlow, String(recurringPaymentId)],
    );
    const row = rows[0] as { rp: RecurringPaymentRow; invoices: InvoiceRow[]; done: string[] } | undefined;
    if (!row) return undefined;
    return {
      recurringPayment: recurringPaymentOf(row.rp),
      invoices: row.invoices.map(invoiceOf),
      done: new Set(row.done),
    };
  }

  async observeNop(
    rp: NopRecurringPayment,
    version: number,
    cancelledBy: "nopcommerce" | "stripe" | null,
    event?: LogEntry,
  ): Promise<void> {
    const logged = loggedWith(subscriptionsFlow, event, 13);
    await this.sql.query(
      `${logged.with} ${insertRecurringPayment}
       ON CONFLICT ("recurringPaymentId") DO UPDATE SET
         "nopActive" = "SubscriptionRecurringPayment"."nopActive" AND excluded."nopActive",
         "nopCancelledBy" = coalesce("SubscriptionRecurringPayment"."nopCancelledBy", excluded."nopCancelledBy"),
         "nopVersion" = greatest("SubscriptionRecurringPayment"."nopVersion", excluded."nopVersion"),
         "updatedAt" = now()`,
      [...recurringPaymentValues(rp, version, cancelledBy), ...logged.params],
    );
  }

  async recordBackfilled(rp: NopRecurringPayment, billed: BilledSoFar, event: LogEntry): Promise<boolean> {
    // Version 0: older than any event of it, which then merges forward as usual.
    const logged = loggedWith(subscriptionsFlow, event, 16);
    const { rows } = await this.sql.query(
      `WITH ${logged.cte} made AS (${insertRecurringPayment} ON CONFLICT DO NOTHING RETURNING "recurringPaymentId")
       INSERT INTO "SubscriptionBackfilled" ("recurringPaymentId", "billedCycles", "nextPaymentDateUtc",
         "cyclesRemaining")
       SELECT "recurringPaymentId", $13, $14::timestamptz, $15 FROM made RETURNING "recurringPaymentId"`,
      [
        ...recurringPaymentValues(rp, 0, rp.isActive ? null : "nopcommerce"),
        billed.billedCycles,
        billed.nextPaymentDate?.toISOString() ?? null,
        billed.cyclesRemaining,
        ...logged.params,
      ],
    );
    return rows.length > 0;
  }

  async markNopInactive(
    recurringPaymentId: number,
    cancelledBy: "nopcommerce" | "stripe" | null,
    entry?: LogEntry,
  ): Promise<void> {
    const logged = loggedWith(subscriptionsFlow, entry, 3);
    await this.sql.query(
      `${logged.with} UPDATE "SubscriptionRecurringPayment" SET "nopActive" = false,
         "nopCancelledBy" = coalesce("nopCancelledBy", $2), "updatedAt" = now() WHERE "recurringPaymentId" = $1`,
      [recurringPaymentId, cancelledBy, ...logged.params],
    );
  }

  async linkSubscription(recurringPaymentId: number, side: StripeSide, price: Money, entry: LogEntry): Promise<void> {
    const logged = loggedWith(subscriptionsFlow, entry, 12);
    await this.sql.query(
      `${logged.with} UPDATE "SubscriptionRecurringPayment" SET "stripeSubscriptionId" = $2, "stripeCustomerId" = $3,
         "stripePriceId" = $4, "stripeItemId" = $5, "firstInvoiceId" = $6,
         "stripeStatus" = CASE WHEN "stripeStatus" = 'canceled' THEN "stripeStatus" ELSE $7 END,
         "stripeCancelAt" = $8::timestamptz, "stripeEndedAt" = coalesce("stripeEndedAt", $9::timestamptz),
         currency = $10, "amountMinor" = $11, "updatedAt" = now()
       WHERE "recurringPaymentId" = $1`,
      [
        recurringPaymentId,
        side.subscriptionId,
        side.customerId,
        side.priceId,
        side.itemId,
        side.firstInvoiceId,
        side.status,
        side.cancelAt?.toISOString() ?? null,
        side.endedAt?.toISOString() ?? null,
        price.currency,
        price.amount,
        ...logged.params,
      ],
    );
  }

  async observeSubscription(sub: SubscriptionSnapshot, event?: LogEntry): Promise<number | undefined> {
    const logged = loggedWith(subscriptionsFlow, event, 6);
    const { rows } = await this.sql.query(
      `${logged.with} UPDATE "SubscriptionRecurringPayment" SET
         "stripeStatus" = CASE WHEN "stripeStatus" IN ('canceled', 'incomplete_expired') THEN "stripeStatus" ELSE $2 END,
         "stripeCancelAt" = $3::timestamptz, "stripeEndedAt" = coalesce("stripeEndedAt", $4::timestamptz),
         "stripePriceId" = coalesce($5, "stripePriceId"), "updatedAt" = now()
       WHERE "stripeSubscriptionId" = $1 RETURNING "recurringPaymentId"`,
      [
        sub.id,
        sub.status,
        sub.cancelAt?.toISOString() ?? null,
        sub.endedAt?.toISOString() ?? null,
        sub.priceId,
        ...logged.params,
      ],
    );
    return (rows[0] as { recurringPaymentId: number } | undefined)?.recurringPaymentId;
  }

  async recordInvoice(
    invoice: InvoiceSnapshot,
    outcome: "paid" | "failed",
    event?: LogEntry,
  ): Promise<number | undefined> {
    if (!invoice.subscriptionId) return undefined;
    const owner = await this.sql.query(
      `SELECT "recurringPaymentId" FROM "SubscriptionRecurringPayment" WHERE "stripeSubscriptionId" = $1`,
      [invoice.subscriptionId],
    );
    // Linked, or made by this flow and not stored yet (its metadata says so): anything else is not ours.
    const id =
      (owner.rows[0] as { recurringPaymentId: number } | undefined)?.recurringPaymentId ?? invoice.recurringPaymentId;
    if (id === null) return undefined;
    const logged = loggedWith(subscriptionsFlow, event, 9);
    await this.sql.query(
      `${logged.with} INSERT INTO "SubscriptionInvoiceAttempt" ("invoiceId", attempt, "subscriptionId", outcome,
         "billingReason", currency, "amountMinor", "invoiceCreated")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)
       ON CONFLICT DO NOTHING`,
      [
        invoice.id,
        invoice.attemptCount,
        invoice.subscriptionId,
        outcome,
        invoice.billingReason,
        invoice.amountDue.currency,
        invoice.amountDue.amount,
        invoice.created.toISOString(),
        ...logged.params,
      ],
    );
    return id;
  }

  async linked(after: number, limit: number) {
    const { rows } = await this.sql.query(
      `SELECT "recurringPaymentId", "stripeSubscriptionId" AS "subscriptionId" FROM "SubscriptionRecurringPayment"
       WHERE "stripeSubscriptionId" IS NOT NULL AND "recurringPaymentId" > $1 ORDER BY "recurringPaymentId" LIMIT $2`,
      [after, limit],
    );
    return rows as { recurringPaymentId: number; subscriptionId: string }[];
  }

  async byInitialOrder(guid: OrderGuid): Promise<number[]> {
    const { rows } = await this.sql.query(
      `SELECT "recurringPaymentId" FROM "SubscriptionRecurringPayment" WHERE "initialOrderGuid" = $1`,
      [guid.toLowerCase()],
    );
    return (rows as { recurringPaymentId: number }[]).map((r) => r.recurringPaymentId);
  }

  async setNotBilled(recurringPaymentId: number, reason: string, entry: LogEntry): Promise<void> {
    const logged = loggedWith(subscriptionsFlow, entry, 3);
    await this.sql.query(
      `${logged.with} UPDATE "SubscriptionRecurringPayment" SET "notBilledReason" = $2, "updatedAt" = now()
       WHERE "recurringPaymentId" = $1`,
      [recurringPaymentId, reason, ...logged.params],
    );
  }

  record(entry: LogEntry): Promise<boolean> {
    return this.log.record(entry);
  }
}
