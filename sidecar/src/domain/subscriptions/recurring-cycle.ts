import { type RecurringCyclePeriodId, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { err, ok, type Result } from "../result.js";

/** A nopCommerce recurring product's cycle: every `cycleLength` periods, `totalCycles` times in all. */
export interface RecurringCycle {
  cycleLength: number;
  cyclePeriodId: RecurringCyclePeriodId;
  totalCycles: number;
}

/** A Stripe recurring Price's `recurring` in our words. */
export interface StripeRecurrence {
  interval: "day" | "week" | "month" | "year";
  intervalCount: number;
}

/** Stripe allows intervals of at most three years: 1095 days, 156 weeks, 36 months or 3 years. */
const maxCount: Record<StripeRecurrence["interval"], number> = { day: 1095, week: 156, month: 36, year: 3 };

/**
 * The Stripe recurrence of a nop cycle. Days by 7 become weeks where exact (28 days: 4 weeks), so Stripe's
 * dashboard and invoices say what the merchant meant; a cycle Stripe cannot bill is refused with the reason.
 */
export function stripeRecurrenceOf(
  cycle: Pick<RecurringCycle, "cycleLength" | "cyclePeriodId">,
): Result<StripeRecurrence, string> {
  const { cycleLength } = cycle;
  if (!Number.isInteger(cycleLength) || cycleLength < 1)
    return err(`cycle length ${cycleLength} is not a whole number of periods of at least 1`);
  const recurrence = recurrenceOf(cycle);
  if (recurrence.intervalCount > maxCount[recurrence.interval])
    return err(
      `a cycle of ${recurrence.intervalCount} ${recurrence.interval}s is longer than Stripe's three-year limit ` +
        `(at most ${maxCount[recurrence.interval]} ${recurrence.interval}s)`,
    );
  return ok(recurrence);
}

function recurrenceOf({ cycleLength, cyclePeriodId }: Pick<RecurringCycle, "cycleLength" | "cyclePeriodId">) {
  switch (cyclePeriodId) {
    case RecurringProductCyclePeriod.Days:
      return cycleLength % 7 === 0
        ? { interval: "week" as const, intervalCount: cycleLength / 7 }
        : { interval: "day" as const, intervalCount: cycleLength };
    case RecurringProductCyclePeriod.Weeks:
      return { interval: "week" as const, intervalCount: cycleLength };
    case RecurringProductCyclePeriod.Months:
      return { interval: "month" as const, intervalCount: cycleLength };
    case RecurringProductCyclePeriod.Years:
      return { interval: "year" as const, intervalCount: cycleLength };
  }
}

const DAY_MS = 86_400_000;

/** .NET's DateTime.AddMonths: the day clamps to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
function addMonths(from: Date, months: number): Date {
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(from.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/**
 * When cycle `n` after the start begins, as nopCommerce's GetNextPaymentDateAsync counts it: always from the start
 * date (so month ends do not drift), n x cycle length periods on.
 */
export function cycleStart(start: Date, cycle: Pick<RecurringCycle, "cycleLength" | "cyclePeriodId">, n: number): Date {
  const periods = cycle.cycleLength * n;
  switch (cycle.cyclePeriodId) {
    case RecurringProductCyclePeriod.Days:
      return new Date(start.getTime() + periods * DAY_MS);
    case RecurringProductCyclePeriod.Weeks:
      return new Date(start.getTime() + 7 * periods * DAY_MS);
    case RecurringProductCyclePeriod.Months:
      return addMonths(start, periods);
    case RecurringProductCyclePeriod.Years:
      return addMonths(start, 12 * periods);
  }
}

/** Where Stripe's side of a recurring payment starts and ends, the first cycle being the order already paid. */
export interface SubscriptionTimes {
  /** The end of the paid first cycle: Stripe's trial ends and it bills the second cycle here. */
  trialEnd: Date;
  /** The end of the last cycle: Stripe cancels here, so it bills `totalCycles - 1` cycles and no more. */
  cancelAt: Date;
}

/**
 * The times of a subscription that mirrors `totalCycles` cycles from `start`, or why there is none to make:
 * nopCommerce bills nothing after the initial order when there is at most one cycle.
 */
export function subscriptionTimes(start: Date, cycle: RecurringCycle): Result<SubscriptionTimes, string> {
  if (cycle.totalCycles <= 1) return err(`${cycle.totalCycles} cycle(s) in all: nothing to bill after the first order`);
  return ok({ trialEnd: cycleStart(start, cycle, 1), cancelAt: cycleStart(start, cycle, cycle.totalCycles) });
}

/** What nopCommerce had billed of a recurring payment when the backfill found it (listRecurringPayments). */
export interface BilledSoFar {
  /** Its history's length: the cycles paid already (the initial order's included). */
  billedCycles: number;
  /** GetNextPaymentDateAsync: null when inactive or every cycle is paid. */
  nextPaymentDate: Date | null;
  /** GetCyclesRemainingAsync. */
  cyclesRemaining: number;
}

/**
 * The times of a subscription that takes over a recurring payment part-way: its trial ends at nopCommerce's next
 * payment date (the cycles in the history are not billed again) and it cancels after the cycles remaining, counted
 * from the start as nopCommerce counts them.
 */
export function takeOverTimes(
  start: Date,
  cycle: RecurringCycle,
  billed: BilledSoFar,
): Result<SubscriptionTimes, string> {
  if (billed.nextPaymentDate === null || billed.cyclesRemaining < 1)
    return err(`${billed.billedCycles} of ${cycle.totalCycles} cycle(s) paid already: nothing left to bill`);
  return ok({
    trialEnd: billed.nextPaymentDate,
    cancelAt: cycleStart(start, cycle, billed.billedCycles + billed.cyclesRemaining),
  });
}
