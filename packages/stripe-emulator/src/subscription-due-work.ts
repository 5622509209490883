import type Stripe from "stripe";

const DAY = 24 * 60 * 60;
/** Stripe sends customer.subscription.trial_will_end three days before a trial ends. */
export const TRIAL_NOTICE_SECONDS = 3 * DAY;

export type DueWork =
  | { kind: "trial_will_end"; at: number; sub: Stripe.Subscription }
  | { kind: "cancel_at"; at: number; sub: Stripe.Subscription }
  | { kind: "renew"; at: number; sub: Stripe.Subscription }
  | { kind: "retry"; at: number; sub: Stripe.Subscription; invoice: Stripe.Invoice };

/** At one instant: the trial notice first, a scheduled cancellation before the renewal it prevents, retries last. */
const order: Record<DueWork["kind"], number> = { trial_will_end: 0, cancel_at: 1, renew: 2, retry: 3 };

const billable = (s: Stripe.Subscription) =>
  s.status === "active" || s.status === "trialing" || s.status === "past_due";

export function currentPeriodEnd(sub: Stripe.Subscription): number {
  return Math.min(...sub.items.data.map((i) => i.current_period_end));
}

/**
 * The earliest billing work due on a test clock by `target`, or none: what Stripe would have done while the clock
 * was frozen. Unpaid and canceled subscriptions are not billed (Stripe stops attempting payment when unpaid).
 */
export function nextDueWork(
  subs: Stripe.Subscription[],
  openInvoice: (sub: Stripe.Subscription) => Stripe.Invoice | undefined,
  trialNoticeSent: (sub: Stripe.Subscription) => boolean,
  target: number,
): DueWork | undefined {
  const due: DueWork[] = [];
  for (const sub of subs) {
    if (sub.status === "trialing" && sub.trial_end && !trialNoticeSent(sub))
      due.push({ kind: "trial_will_end", at: Math.max(sub.trial_end - TRIAL_NOTICE_SECONDS, sub.created), sub });
    if (sub.cancel_at && (billable(sub) || sub.status === "unpaid"))
      due.push({ kind: "cancel_at", at: sub.cancel_at, sub });
    if (billable(sub)) due.push({ kind: "renew", at: currentPeriodEnd(sub), sub });
    const invoice = sub.status === "past_due" ? openInvoice(sub) : undefined;
    if (invoice?.next_payment_attempt) due.push({ kind: "retry", at: invoice.next_payment_attempt, sub, invoice });
  }
  return due.filter((w) => w.at <= target).sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind])[0];
}
