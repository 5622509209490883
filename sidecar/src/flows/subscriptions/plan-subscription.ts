import { RecurringPaymentType } from "@nop-stripe/contract/nop-enums.js";
import type { Result } from "../../domain/result.js";
import {
  type SubscriptionTimes,
  stripeRecurrenceOf,
  subscriptionTimes,
  takeOverTimes,
} from "../../domain/subscriptions/recurring-cycle.js";
import { keyOf, type SubscriptionAction } from "./subscription-actions.js";
import type { InvoiceAttempt, RecurringPaymentRecord, SubscriptionState } from "./subscriptions-store.js";

/** Stripe statuses after which a subscription bills no more. */
const endedStatuses = new Set(["canceled", "incomplete_expired"]);
export const hasEnded = (status: string) => endedStatuses.has(status);

/** Why Stripe must not bill this recurring payment, or undefined when it may. */
export function notBilledReason(rp: RecurringPaymentRecord): string | undefined {
  if (rp.recurringPaymentTypeId !== RecurringPaymentType.Automatic)
    return rp.recurringPaymentTypeId === RecurringPaymentType.Manual
      ? "the payment method is Manual: nopCommerce bills the cycles itself"
      : "the payment method does not support recurring payments";
  const recurrence = stripeRecurrenceOf(rp.cycle);
  if (!recurrence.ok) return recurrence.error;
  const times = timesOf(rp);
  return times.ok ? undefined : times.error;
}

/** A recurring payment the backfill found with cycles paid already: Stripe takes over after them. */
const takenOver = (rp: RecurringPaymentRecord) => (rp.backfilled?.billedCycles ?? 0) > 0;

/** Where the subscription's trial ends and when it cancels: after the first cycle, or after those already paid. */
export function timesOf(rp: RecurringPaymentRecord): Result<SubscriptionTimes, string> {
  return rp.backfilled && takenOver(rp)
    ? takeOverTimes(rp.startDate, rp.cycle, rp.backfilled)
    : subscriptionTimes(rp.startDate, rp.cycle);
}

/** Why a paid recurring payment has no card Stripe may bill: never guessed, said. */
export const noSavedCard = (why: string) =>
  `no saved card known (${why}): the customer must add one (e.g. in the billing portal) before Stripe can bill`;

/** The initial order is paid when order-to-cash has received its total from Stripe. */
const firstOrderPaid = (state: SubscriptionState) => {
  const order = state.firstOrder;
  return Boolean(order?.paymentIntentId && order.amountReceived && order.amountReceived.amount > 0);
};

/**
 * Pure: what is still missing for one recurring payment. A subscription once the first order is paid (never for
 * a Manual one); each paid invoice reported once, the subscription's first (the trial standing for the initial
 * order) first; each failed attempt noted and reported once; a cancellation on one side carried to the other.
 * Both sides are compared as states, so a cancellation that comes back from the other side finds nothing to do.
 */
export function planSubscription(state: SubscriptionState): SubscriptionAction[] {
  const rp = state.recurringPayment;
  const pending = (actions: SubscriptionAction[]) =>
    actions.filter((a) => !state.done.has(keyOf(rp.recurringPaymentId, a)));
  const stripe = rp.stripe;
  if (!stripe) {
    if (rp.notBilledReason !== null) return [];
    // A cancelled recurring payment the backfill found is left as it is: nothing to bill, nothing to say.
    if (!rp.nopActive && takenOver(rp)) return [];
    const reason = notBilledReason(rp);
    if (reason !== undefined) return [{ name: "not-billed", reason }];
    if (!rp.nopActive) return [];
    if (firstOrderPaid(state)) return [{ name: "create-subscription" }];
    // Paid cycles, yet order-to-cash never took the first order's payment: no card of the customer is known.
    return takenOver(rp)
      ? [{ name: "not-billed", reason: noSavedCard("the first order was not paid through the sidecar") }]
      : [];
  }
  const actions: SubscriptionAction[] = [];
  // A subscription that took over after paid cycles reports no first invoice: its trial stands for no order.
  const first = takenOver(rp) ? null : stripe.firstInvoiceId;
  for (const invoiceId of paidInvoicesInOrder(state.invoices, first, stripe.firstInvoiceId))
    actions.push({ name: "process-invoice", invoiceId });
  for (const failed of state.invoices.filter((i) => i.outcome === "failed")) {
    const attempt = { invoiceId: failed.invoiceId, attempt: failed.attempt };
    actions.push({ name: "note-failed-payment", ...attempt }, { name: "mark-payment-failed", ...attempt });
  }
  const ended = hasEnded(stripe.status);
  if (!rp.nopActive && !ended) actions.push({ name: "cancel-subscription" });
  if (rp.nopActive && ended) actions.push({ name: "cancel-in-nop" });
  return pending(actions);
}

/**
 * The invoices to report to nopCommerce, oldest first: the first invoice of the subscription always (the initial
 * order's cycle, even before its invoice.paid arrives), then each other invoice paid, once.
 */
function paidInvoicesInOrder(
  invoices: readonly InvoiceAttempt[],
  firstInvoiceId: string | null,
  trialInvoiceId: string | null,
): string[] {
  const paid = invoices
    .filter((i) => i.outcome === "paid" && i.invoiceId !== trialInvoiceId)
    .sort((a, b) => a.invoiceCreated.getTime() - b.invoiceCreated.getTime() || a.invoiceId.localeCompare(b.invoiceId))
    .map((i) => i.invoiceId);
  return [...(firstInvoiceId ? [firstInvoiceId] : []), ...new Set(paid)];
}
