import { RecurringProductCyclePeriod as P } from "@nop-stripe/contract/nop-enums.js";
import { describe, expect, it } from "vitest";
import { cycleStart, stripeRecurrenceOf, subscriptionTimes } from "./recurring-cycle.js";

const of = (cycleLength: number, cyclePeriodId: (typeof P)[keyof typeof P]) =>
  stripeRecurrenceOf({ cycleLength, cyclePeriodId });

describe("stripeRecurrenceOf", () => {
  it("maps each period, and days by 7 to weeks where exact", () => {
    expect(of(28, P.Days)).toEqual({ ok: true, value: { interval: "week", intervalCount: 4 } });
    expect(of(10, P.Days)).toEqual({ ok: true, value: { interval: "day", intervalCount: 10 } });
    expect(of(2, P.Weeks)).toEqual({ ok: true, value: { interval: "week", intervalCount: 2 } });
    expect(of(3, P.Months)).toEqual({ ok: true, value: { interval: "month", intervalCount: 3 } });
    expect(of(1, P.Years)).toEqual({ ok: true, value: { interval: "year", intervalCount: 1 } });
  });

  it("accepts Stripe's three-year limit exactly and refuses beyond it, saying why", () => {
    expect(of(36, P.Months).ok).toBe(true);
    expect(of(156, P.Weeks).ok).toBe(true);
    expect(of(1092, P.Days)).toEqual({ ok: true, value: { interval: "week", intervalCount: 156 } });
    expect(of(1095, P.Days)).toEqual({ ok: true, value: { interval: "day", intervalCount: 1095 } });
    expect(of(37, P.Months)).toEqual({
      ok: false,
      error: "a cycle of 37 months is longer than Stripe's three-year limit (at most 36 months)",
    });
    expect(of(4, P.Years).ok).toBe(false);
    expect(of(1099, P.Days).ok).toBe(false); // 157 weeks
    expect(of(1096, P.Days).ok).toBe(false);
  });

  it("refuses a cycle length below one", () => {
    expect(of(0, P.Months)).toEqual({
      ok: false,
      error: "cycle length 0 is not a whole number of periods of at least 1",
    });
  });
});

describe("subscriptionTimes", () => {
  const start = new Date("2026-01-31T12:00:00Z");

  it("counts every cycle from the start, with .NET's month-end clamp, so ends do not drift", () => {
    const monthly = { cycleLength: 1, cyclePeriodId: P.Months };
    expect(cycleStart(start, monthly, 1).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(cycleStart(start, monthly, 2).toISOString()).toBe("2026-03-31T12:00:00.000Z");
    expect(cycleStart(new Date("2028-01-31T00:00:00Z"), monthly, 1).toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });

  it("ends the trial after the paid first cycle and cancels at the end of the last one", () => {
    expect(subscriptionTimes(start, { cycleLength: 2, cyclePeriodId: P.Weeks, totalCycles: 12 })).toEqual({
      ok: true,
      value: { trialEnd: new Date("2026-02-14T12:00:00Z"), cancelAt: new Date("2026-07-18T12:00:00Z") },
    });
    expect(subscriptionTimes(start, { cycleLength: 1, cyclePeriodId: P.Years, totalCycles: 3 })).toEqual({
      ok: true,
      value: { trialEnd: new Date("2027-01-31T12:00:00Z"), cancelAt: new Date("2029-01-31T12:00:00Z") },
    });
  });

  it("makes no subscription when nopCommerce bills nothing after the first order", () => {
    expect(subscriptionTimes(start, { cycleLength: 1, cyclePeriodId: P.Months, totalCycles: 1 }).ok).toBe(false);
    expect(subscriptionTimes(start, { cycleLength: 1, cyclePeriodId: P.Months, totalCycles: 0 }).ok).toBe(false);
  });
});
