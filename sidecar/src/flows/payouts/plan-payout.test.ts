import { describe, expect, it } from "vitest";
import { payoutIdSchema } from "../../domain/ids.js";
import type { PayoutStatus } from "../../domain/ledger/settled-transaction.js";
import { money } from "../../domain/money.js";
import type { PayoutState } from "./payouts-store.js";
import { planPayout, progressOf } from "./plan-payout.js";

const id = payoutIdSchema.parse("po_1");
const arrival = "ledger:payout:po_1:arrival";
const state = (over: Partial<PayoutState> = {}, status: PayoutStatus = "paid"): PayoutState => ({
  payout: { id, amount: money(1000, "usd"), arrivalDate: "2026-12-06", status },
  progress: "reconciling",
  pagesDone: 0,
  cursor: null,
  reconciler: null,
  reconciled: false,
  residual: null,
  openExceptions: 0,
  entries: [],
  ...over,
});
const posted = (key: string, reverses: string | null = null) => ({ key, reverses, posted: true });

describe("planPayout", () => {
  it("pages first, resuming at the next page, before anything else", () => {
    expect(planPayout(state({ pagesDone: 3 }))).toEqual([{ name: "reconcile-page", page: 3 }]);
  });

  it("once every page is in: the arrival of a paid payout, then every entry not yet in the ERP", () => {
    const reconciled = state({
      reconciled: true,
      entries: [{ key: "ledger:payout:po_1:0:charge", reverses: null, posted: false }],
    });
    expect(planPayout(reconciled)).toEqual([
      { name: "arrive" },
      { name: "post-entry", entryKey: "ledger:payout:po_1:0:charge" },
    ]);
  });

  it("everything posted and nothing open: posted; an open exception keeps it at exceptions", () => {
    const done = state({ reconciled: true, progress: "matched", entries: [posted(arrival)] });
    expect(planPayout(done)).toEqual([{ name: "set-status", status: "posted" }]);
    expect(planPayout({ ...done, progress: "posted" })).toEqual([]);
    expect(progressOf({ ...done, openExceptions: 1 })).toBe("exceptions");
  });

  it("a paid payout that failed later: its arrival reversed once, then reversed", () => {
    const failed = state({ reconciled: true, entries: [posted(arrival)] }, "failed");
    expect(planPayout(failed)).toEqual([{ name: "reverse-arrival" }]);
    const reversedAlready = { ...failed, entries: [posted(arrival), posted(`${arrival}:reversal`, arrival)] };
    expect(planPayout(reversedAlready)).toEqual([{ name: "set-status", status: "reversed" }]);
  });

  it("a payout that failed before it arrived: no arrival and nothing to reverse", () => {
    const failed = state({ reconciled: true, entries: [posted("ledger:payout:po_1:transfer")] }, "failed");
    expect(planPayout(failed)).toEqual([{ name: "set-status", status: "reversed" }]);
  });
});
