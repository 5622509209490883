import { describe, expect, it } from "vitest";
import { money } from "../../domain/money.js";
import { disputeJournalEntry } from "./dispute-journal.js";
import { newDisputeRecord } from "./dispute-observation.js";
import { now, observation } from "./test-support/fixtures.js";

const balanced = (lines: { debit?: number; credit?: number }[]) =>
  lines.reduce((s, l) => s + (l.debit ?? 0) - (l.credit ?? 0), 0) === 0;

describe("disputeJournalEntry", () => {
  const dispute = newDisputeRecord(observation());

  it("balances every movement, in the balance's currency and minor units (KWD has three decimals)", () => {
    const move = { balanceTransactionId: "txn_1", amount: money(12_345, "kwd"), fee: money(4500, "kwd") };
    for (const kind of ["withdrawal", "reinstatement", "loss"] as const) {
      const entry = disputeJournalEntry(dispute, kind, move, "1001", now);
      expect(balanced(entry.lines)).toBe(true);
      expect(entry.reference).toBe(dispute.disputeId);
      expect(entry.lines.every((l) => l.currency === "KWD")).toBe(true);
    }
  });

  it("leaves out a zero fee rather than send a zero line the ERP refuses", () => {
    const move = { balanceTransactionId: "txn_2", amount: money(1200, "jpy"), fee: money(0, "jpy") };
    const entry = disputeJournalEntry(dispute, "reinstatement", move, "1002", now);
    expect(entry.lines.map((l) => [l.account, l.debit ?? 0, l.credit ?? 0])).toEqual([
      ["1050", 1200, 0],
      ["1100", 0, 1200],
    ]);
    expect(entry.date).toBe("2030-01-10");
  });
});
