import type { LogEntry } from "../../../flow-kit/action-log.js";
import type { SubscriptionSnapshot } from "../../../ports/stripe-subscriptions.js";
import { hasEnded } from "../plan-subscription.js";
import type { InvoiceAttempt, RecurringPaymentRecord, SubscriptionsStore } from "../subscriptions-store.js";

/** The store port in memory, for the flow's unit tests: one recurring payment's record, invoices and log. */
export class InMemorySubscriptionsStore
  implements
    Pick<
      SubscriptionsStore,
      "load" | "linkSubscription" | "markNopInactive" | "observeSubscription" | "record" | "setNotBilled"
    >
{
  readonly log: LogEntry[] = [];
  constructor(
    public current: RecurringPaymentRecord,
    public invoices: InvoiceAttempt[] = [],
  ) {}

  async load() {
    const done = new Set(this.log.filter((e) => e.kind === "action").map((e) => e.key));
    return { recurringPayment: structuredClone(this.current), invoices: [...this.invoices], done };
  }

  async linkSubscription(
    _id: number,
    side: RecurringPaymentRecord["stripe"],
    price: RecurringPaymentRecord["price"],
    entry: LogEntry,
  ) {
    this.current = { ...this.current, stripe: side, price };
    await this.record(entry);
  }

  async markNopInactive(_id: number, cancelledBy: RecurringPaymentRecord["nopCancelledBy"], entry?: LogEntry) {
    this.current = { ...this.current, nopActive: false, nopCancelledBy: this.current.nopCancelledBy ?? cancelledBy };
    if (entry) await this.record(entry);
  }

  async observeSubscription(sub: SubscriptionSnapshot, entry?: LogEntry) {
    const side = this.current.stripe;
    if (side && !hasEnded(side.status)) this.current = { ...this.current, stripe: { ...side, status: sub.status } };
    if (entry) await this.record(entry);
    return this.current.recurringPaymentId;
  }

  async setNotBilled(_id: number, reason: string, entry: LogEntry) {
    this.current = { ...this.current, notBilledReason: reason };
    await this.record(entry);
  }

  async record(entry: LogEntry) {
    if (this.log.some((e) => e.key === entry.key)) return false;
    this.log.push(entry);
    return true;
  }
}
