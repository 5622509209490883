import { RecurringPaymentType, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { describe, expect, it } from "vitest";
import { cyclesRemaining, nextPaymentDate, recurringPaymentTypeOf } from "./recurring-rules.js";

const start = "2026-01-31T12:00:00.000Z";
const rp = (cyclePeriodId: 0 | 10 | 20 | 30, cycleLength = 1, totalCycles = 12) => ({
  cycleLength,
  cyclePeriodId,
  totalCycles,
  startDateUtc: start,
  isActive: true,
});

describe("GetNextPaymentDateAsync", () => {
  it("is the start date before any history, then start + length x period x history count", () => {
    const days = rp(RecurringProductCyclePeriod.Days, 10);
    expect(nextPaymentDate(days, 0)).toBe(start);
    expect(nextPaymentDate(days, 3)).toBe("2026-03-02T12:00:00.000Z");
    expect(nextPaymentDate(rp(RecurringProductCyclePeriod.Weeks, 2), 1)).toBe("2026-02-14T12:00:00.000Z");
  });

  it("counts months from the start, clamping month ends like DateTime.AddMonths without drifting", () => {
    const monthly = rp(RecurringProductCyclePeriod.Months);
    expect([1, 2, 3, 4].map((n) => nextPaymentDate(monthly, n)?.slice(0, 10))).toEqual([
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
      "2026-05-31",
    ]);
    const leap = { ...rp(RecurringProductCyclePeriod.Years), startDateUtc: "2028-02-29T00:00:00.000Z" };
    expect(nextPaymentDate(leap, 1)).toBe("2029-02-28T00:00:00.000Z");
    expect(nextPaymentDate(leap, 4)).toBe("2032-02-29T00:00:00.000Z");
  });

  it("has none when inactive or once the history holds TotalCycles rows (TotalCycles 0: none at all)", () => {
    expect(nextPaymentDate({ ...rp(RecurringProductCyclePeriod.Months), isActive: false }, 1)).toBeNull();
    expect(nextPaymentDate(rp(RecurringProductCyclePeriod.Months, 1, 12), 12)).toBeNull();
    expect(nextPaymentDate(rp(RecurringProductCyclePeriod.Months, 1, 0), 0)).toBeNull();
    expect(cyclesRemaining({ totalCycles: 12 }, 5)).toBe(7);
    expect(cyclesRemaining({ totalCycles: 2 }, 5)).toBe(0);
  });
});

describe("RecurringPaymentType of the store's payment methods", () => {
  it("bills Stripe's automatically, the Manual plugin's in nopCommerce, and supports none elsewhere", () => {
    expect(recurringPaymentTypeOf("Payments.StripeSidecar")).toBe(RecurringPaymentType.Automatic);
    expect(recurringPaymentTypeOf("Payments.Manual")).toBe(RecurringPaymentType.Manual);
    expect(recurringPaymentTypeOf("Payments.CheckMoneyOrder")).toBe(RecurringPaymentType.NotSupported);
  });
});
