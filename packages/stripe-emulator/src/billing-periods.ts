import type Stripe from "stripe";

const DAY = 24 * 60 * 60;

/** Adds a billing interval in UTC; month ends clamp (Jan 31 + 1 month = Feb 28/29), as Stripe anchors them. */
export function addInterval(seconds: number, interval: Stripe.Price.Recurring.Interval, count: number): number {
  if (interval === "day") return seconds + count * DAY;
  if (interval === "week") return seconds + 7 * count * DAY;
  const months = interval === "year" ? 12 * count : count;
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/**
 * The first period end after `after` on the cycle anchored at `anchor`. Counted from the anchor, not from the last
 * period end, so the anchor's day is kept (Jan 31, Feb 28, Mar 31), as Stripe's billing_cycle_anchor does.
 */
export function periodEndAfter(
  anchor: number,
  interval: Stripe.Price.Recurring.Interval,
  count: number,
  after: number,
): number {
  let periods = 1;
  while (addInterval(anchor, interval, count * periods) <= after) periods++;
  return addInterval(anchor, interval, count * periods);
}
