import { RecurringPaymentType, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { describe, expect, it } from "vitest";
import { money } from "../../domain/money.js";
import { planSubscription, timesOf } from "./plan-subscription.js";
import type { RecurringPaymentRecord } from "./subscriptions-store.js";
import { invoice, paidFirstOrder, recurringPayment, state, stripeSide } from "./test-support/fixtures.js";

const names = (s: Parameters<typeof planSubscription>[0]) =>
  planSubscription(s).map((a) => [a.name, ...Object.values(a).slice(1)].join(" "));

describe("planSubscription", () => {
  it("creates the subscription once the first order is paid, not before", () => {
    expect(names(state())).toEqual(["create-subscription"]);
    expect(names(state({ firstOrder: undefined }))).toEqual([]);
    expect(names(state({ firstOrder: { ...paidFirstOrder, amountReceived: money(0, "USD") } }))).toEqual([]);
    expect(names(state({ recurringPayment: recurringPayment({ nopActive: false }) }))).toEqual([]);
  });

  it("never lets Stripe bill what nopCommerce bills itself (Manual), nor what it cannot bill, and says why once", () => {
    const manual = recurringPayment({ recurringPaymentTypeId: RecurringPaymentType.Manual });
    expect(names(state({ recurringPayment: manual }))).toEqual([
      "not-billed the payment method is Manual: nopCommerce bills the cycles itself",
    ]);
    expect(names(state({ recurringPayment: { ...manual, notBilledReason: "Manual" } }))).toEqual([]);
    const tooLong = recurringPayment({
      cycle: { cycleLength: 4, cyclePeriodId: RecurringProductCyclePeriod.Years, totalCycles: 3 },
    });
    expect(names(state({ recurringPayment: tooLong }))[0]).toContain("three-year limit");
    const once = recurringPayment({ cycle: { cycleLength: 1, cyclePeriodId: 20, totalCycles: 1 } });
    expect(names(state({ recurringPayment: once }))[0]).toContain("nothing to bill after the first order");
  });

  it("reports the first invoice first (the initial order's cycle), then each paid invoice once, oldest first", () => {
    const s = state({
      recurringPayment: recurringPayment({ stripe: stripeSide({ status: "active" }) }),
      invoices: [invoice("in_b", "paid", 20), invoice("in_a", "paid", 10), invoice("in_a", "paid", 10)],
    });
    expect(names(s)).toEqual(["process-invoice in_first", "process-invoice in_a", "process-invoice in_b"]);
    expect(names({ ...s, done: new Set(["sub:7:process-invoice:in_first", "sub:7:process-invoice:in_a"]) })).toEqual([
      "process-invoice in_b",
    ]);
  });

  it("notes and reports each failed attempt once, and leaves the retries to Stripe", () => {
    const s = state({
      recurringPayment: recurringPayment({ stripe: stripeSide({ status: "past_due" }) }),
      invoices: [invoice("in_r", "failed", 10, 1)],
      done: new Set(["sub:7:process-invoice:in_first"]),
    });
    expect(names(s)).toEqual(["note-failed-payment in_r 1", "mark-payment-failed in_r 1"]);
    const retried = { ...s, invoices: [...s.invoices, invoice("in_r", "paid", 10, 2)] };
    expect(
      names({
        ...retried,
        done: new Set([...s.done, "sub:7:note-failed-payment:in_r:1", "sub:7:mark-payment-failed:in_r:1"]),
      }),
    ).toEqual(["process-invoice in_r"]);
  });

  it("carries a cancellation to the other side, and finds nothing to do when it comes back", () => {
    const done = new Set(["sub:7:process-invoice:in_first"]);
    const cancelledInNop = recurringPayment({ nopActive: false, stripe: stripeSide({ status: "active" }) });
    expect(names(state({ recurringPayment: cancelledInNop, done }))).toEqual(["cancel-subscription"]);
    const endedInStripe = recurringPayment({ stripe: stripeSide({ status: "canceled" }) });
    expect(names(state({ recurringPayment: endedInStripe, done }))).toEqual(["cancel-in-nop"]);
    const both = recurringPayment({ nopActive: false, stripe: stripeSide({ status: "canceled" }) });
    expect(names(state({ recurringPayment: both, done }))).toEqual([]);
  });
});

describe("planSubscription, for a recurring payment the backfill found", () => {
  const billed = (billedCycles: number, patch: Partial<RecurringPaymentRecord> = {}) =>
    recurringPayment({
      backfilled: {
        billedCycles,
        nextPaymentDate: billedCycles < 12 ? new Date(`2027-${String(billedCycles + 1).padStart(2, "0")}-01`) : null,
        cyclesRemaining: 12 - billedCycles,
      },
      ...patch,
    });

  it("takes over after the paid cycles: trial to the next payment date, cancel after the cycles remaining", () => {
    const rp = billed(3);
    expect(names(state({ recurringPayment: rp }))).toEqual(["create-subscription"]);
    const times = timesOf(rp);
    expect(times.ok && times.value.trialEnd.toISOString()).toBe("2027-04-01T00:00:00.000Z");
    expect(times.ok && times.value.cancelAt.toISOString()).toBe("2027-12-01T10:00:00.000Z");
  });

  it("reports no first invoice (its trial stands for no order), only the cycles Stripe bills", () => {
    const s = state({
      recurringPayment: billed(2, { stripe: stripeSide({ status: "active" }) }),
      invoices: [invoice("in_first", "paid", 1), invoice("in_a", "paid", 10)],
    });
    expect(names(s)).toEqual(["process-invoice in_a"]);
  });

  it("says why it is not billed: no saved card, every cycle paid; a cancelled one is left alone", () => {
    expect(names(state({ recurringPayment: billed(1), firstOrder: undefined }))[0]).toMatch(
      /^not-billed no saved card/,
    );
    expect(names(state({ recurringPayment: billed(12) }))[0]).toMatch(/nothing left to bill/);
    expect(names(state({ recurringPayment: billed(2, { nopActive: false }) }))).toEqual([]);
    expect(names(state({ recurringPayment: billed(2, { notBilledReason: "no saved card" }) }))).toEqual([]);
  });
});
