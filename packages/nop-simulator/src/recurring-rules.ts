import type { NopRecurringPayment } from "@nop-stripe/contract/nop-entities.js";
import {
  RecurringPaymentType,
  type RecurringPaymentTypeId,
  RecurringProductCyclePeriod,
} from "@nop-stripe/contract/nop-enums.js";

type Cycle = Pick<NopRecurringPayment, "cycleLength" | "cyclePeriodId" | "totalCycles" | "startDateUtc" | "isActive">;

const DAY_MS = 24 * 60 * 60 * 1000;

/** .NET's DateTime.AddMonths: the day clamps to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.toISOString();
}

const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/**
 * OrderProcessingService.GetNextPaymentDateAsync: none when inactive or when the history already holds
 * TotalCycles entries (so TotalCycles 0 never bills again); with no history the start date (when cycles are
 * left); otherwise the start date plus cycle length x period x history count, always counted from the start so
 * month ends do not drift (Jan 31, Feb 28, Mar 31).
 */
export function nextPaymentDate(rp: Cycle, historyCount: number): string | null {
  if (!rp.isActive || historyCount >= rp.totalCycles) return null;
  if (historyCount === 0) return rp.startDateUtc;
  const cycles = rp.cycleLength * historyCount;
  switch (rp.cyclePeriodId) {
    case RecurringProductCyclePeriod.Days:
      return addDays(rp.startDateUtc, cycles);
    case RecurringProductCyclePeriod.Weeks:
      return addDays(rp.startDateUtc, 7 * cycles);
    case RecurringProductCyclePeriod.Months:
      return addMonths(rp.startDateUtc, cycles);
    case RecurringProductCyclePeriod.Years:
      return addMonths(rp.startDateUtc, 12 * cycles);
  }
}

/** GetCyclesRemainingAsync: TotalCycles minus the history, never below zero. */
export const cyclesRemaining = (rp: Pick<NopRecurringPayment, "totalCycles">, historyCount: number) =>
  Math.max(0, rp.totalCycles - historyCount);

/**
 * The RecurringPaymentType the payment methods of the simulated store declare: the Stripe plugin is Automatic
 * (Stripe bills and the plugin reports each payment), the stock Manual plugin is Manual (nopCommerce's own task
 * charges the stored card), the rest NotSupported.
 */
export function recurringPaymentTypeOf(paymentMethodSystemName: string): RecurringPaymentTypeId {
  if (paymentMethodSystemName === "Payments.StripeSidecar") return RecurringPaymentType.Automatic;
  if (paymentMethodSystemName === "Payments.Manual") return RecurringPaymentType.Manual;
  return RecurringPaymentType.NotSupported;
}
