import type { NopRecurringPayment } from "@nop-stripe/contract/nop-entities.js";
import type { RecurringPaymentTypeId } from "@nop-stripe/contract/nop-enums.js";
import type { OrderGuid } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import type { BilledSoFar, RecurringCycle } from "../../domain/subscriptions/recurring-cycle.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { InvoiceSnapshot, SubscriptionSnapshot } from "../../ports/stripe-subscriptions.js";
import type { OrderPayment } from "../order-to-cash/index.js";

/** Stripe's side of a recurring payment, once the flow made its subscription. */
export interface StripeSide {
  subscriptionId: string;
  customerId: string;
  priceId: string | null;
  itemId: string | null;
  firstInvoiceId: string | null;
  status: string;
  cancelAt: Date | null;
  endedAt: Date | null;
}

/** What the flow knows of one nopCommerce recurring payment and the subscription that bills it. */
export interface RecurringPaymentRecord {
  recurringPaymentId: number;
  initialOrderGuid: OrderGuid;
  nopCustomerId: number;
  productId: number | null;
  cycle: RecurringCycle;
  recurringPaymentTypeId: RecurringPaymentTypeId;
  startDate: Date;
  /** False once nopCommerce cancelled it (or ended it): never true again. */
  nopActive: boolean;
  nopCancelledBy: "nopcommerce" | "stripe" | null;
  nopVersion: number;
  /** The price per cycle Stripe bills: the initial order's total. */
  price: Money | null;
  stripe: StripeSide | null;
  notBilledReason: string | null;
  /** What nopCommerce had billed when the backfill found it (null: the flow knew it from its events). */
  backfilled: BilledSoFar | null;
}

/** One attempt to pay an invoice, as Stripe reported it. */
export interface InvoiceAttempt {
  invoiceId: string;
  attempt: number;
  outcome: "paid" | "failed";
  billingReason: string;
  amount: Money;
  invoiceCreated: Date;
}

/** Everything the plan reads about one recurring payment, in one go. */
export interface SubscriptionState {
  recurringPayment: RecurringPaymentRecord;
  /** The initial order's payment, from order-to-cash's read port (undefined: order-to-cash does not know it). */
  firstOrder: OrderPayment | undefined;
  invoices: readonly InvoiceAttempt[];
  done: ReadonlySet<string>;
}

/** The flow's storage port; the SQL adapter implements it. */
export interface SubscriptionsStore {
  /** The recurring payment, its invoice attempts and the keys of the actions done on it. */
  load(
    recurringPaymentId: number,
  ): Promise<
    { recurringPayment: RecurringPaymentRecord; invoices: InvoiceAttempt[]; done: ReadonlySet<string> } | undefined
  >;
  /**
   * Merges what a bridge event said forward: the cycle as first seen, the version only up, and `nopActive` only
   * from true to false (a late recurring_payment.created never revives a cancelled one).
   */
  observeNop(
    recurringPayment: NopRecurringPayment,
    version: number,
    cancelledBy: "nopcommerce" | "stripe" | null,
    event?: LogEntry,
  ): Promise<void>;
  /** Notes that nopCommerce says the recurring payment is no longer active (an answer of a write-back). */
  markNopInactive(
    recurringPaymentId: number,
    cancelledBy: "nopcommerce" | "stripe" | null,
    entry?: LogEntry,
  ): Promise<void>;
  /** Stores the subscription made for the recurring payment, with the log entry of the action that made it. */
  linkSubscription(recurringPaymentId: number, side: StripeSide, price: Money, entry: LogEntry): Promise<void>;
  /** Merges Stripe's subscription forward (a canceled one stays canceled); false when it is not one of ours. */
  observeSubscription(subscription: SubscriptionSnapshot, event?: LogEntry): Promise<number | undefined>;
  /** Stores an invoice attempt once; the recurring payment it is about, or undefined when it is not ours. */
  recordInvoice(invoice: InvoiceSnapshot, outcome: "paid" | "failed", event?: LogEntry): Promise<number | undefined>;
  /** Recurring payments with a subscription, by id after `after`, a page at a time (the drift check). */
  linked(after: number, limit: number): Promise<{ recurringPaymentId: number; subscriptionId: string }[]>;
  /** The recurring payments whose initial order this is. */
  byInitialOrder(orderGuid: OrderGuid): Promise<number[]>;
  /**
   * Records a recurring payment the backfill found, with what nopCommerce had billed of it; false (nothing
   * written) when the flow knows it already.
   */
  recordBackfilled(recurringPayment: NopRecurringPayment, billed: BilledSoFar, event: LogEntry): Promise<boolean>;
  setNotBilled(recurringPaymentId: number, reason: string, entry: LogEntry): Promise<void>;
  /** Writes a log entry alone; false when one with this key exists already. */
  record(entry: LogEntry): Promise<boolean>;
}
