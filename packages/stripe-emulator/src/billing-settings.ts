/**
 * The account's subscription retry settings (Dashboard: Billing > Revenue recovery > Retries), as a custom retry
 * schedule: a failed renewal is retried `retryScheduleDays[n]` days after attempt n+1 failed, then, when the last
 * retry fails too, the subscription is canceled, marked unpaid or left past_due (Stripe's three choices). Smart
 * Retries picks its own times ("8 tries within 2 weeks" by default); a fixed schedule keeps tests deterministic.
 */
export interface BillingSettings {
  retryScheduleDays: number[];
  afterAllRetriesFail: "cancel" | "unpaid" | "past_due";
}

export const defaultBillingSettings: BillingSettings = { retryScheduleDays: [3, 5, 7], afterAllRetriesFail: "cancel" };

const DAY = 24 * 60 * 60;

/** When to retry after attempt `attemptCount` failed at `failedAt`; null once the schedule is used up. */
export function nextRetryAt(settings: BillingSettings, attemptCount: number, failedAt: number): number | null {
  const days = settings.retryScheduleDays[attemptCount - 1];
  return days === undefined ? null : failedAt + days * DAY;
}
