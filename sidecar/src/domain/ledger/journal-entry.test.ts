import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import {
  type EntryDraft,
  entryKey,
  type JournalLine,
  journalEntry,
  reversingEntry,
  signedAmount,
  signedLine,
} from "./journal-entry.js";
import { ids } from "./test-support/fixtures.js";

const debit = (account: string, amount: number, currency = "usd"): JournalLine => ({
  account,
  debit: money(amount, currency),
  memo: "",
  links: {},
});
const credit = (account: string, amount: number, currency = "usd"): JournalLine => ({
  account,
  credit: money(amount, currency),
  memo: "",
  links: {},
});
const draft = (lines: JournalLine[], overrides: Partial<EntryDraft> = {}): EntryDraft => ({
  key: entryKey("payout", "po_1", "charge"),
  date: "2026-12-02",
  memo: "test",
  lines,
  ...overrides,
});

describe("journalEntry", () => {
  it("makes an entry whose debits equal its credits, frozen", () => {
    const made = journalEntry(draft([debit("1050", 1912), debit("6100", 88), credit("1100", 2000)]));
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value.key).toBe("ledger:payout:po_1:charge");
    expect(Object.isFrozen(made.value)).toBe(true);
    expect(Object.isFrozen(made.value.lines)).toBe(true);
    expect(Object.isFrozen(made.value.lines[0])).toBe(true);
    expect(() => (made.value.lines as JournalLine[]).push(debit("1", 1))).toThrow();
  });

  it("refuses an entry that does not balance, naming the currency and the sums", () => {
    const made = journalEntry(draft([debit("1050", 1912), credit("1100", 2000)]));
    expect(made).toMatchObject({
      ok: false,
      error: { kind: "unbalanced", imbalances: [{ currency: "usd", debits: 1912, credits: 2000 }] },
    });
  });

  it("balances each currency on its own: equal totals across currencies are not double entry", () => {
    expect(journalEntry(draft([debit("1100", 100, "usd"), credit("1100", 100, "eur")]))).toMatchObject({
      ok: false,
      error: { kind: "unbalanced" },
    });
    const two = [
      debit("1050", 110, "usd"),
      credit("4900", 110, "usd"),
      debit("4900", 100, "eur"),
      credit("1100", 100, "eur"),
    ];
    expect(journalEntry(draft(two)).ok).toBe(true);
  });

  it.each([
    ["a zero amount", [debit("1050", 0), credit("1100", 0)], "invalid_line"],
    ["a negative amount", [debit("1050", -5), credit("1100", -5)], "invalid_line"],
    [
      "a fraction of a minor unit",
      [{ ...debit("1050", 1), debit: { amount: 1.5, currency: "usd" } }, debit("1", 1)],
      "invalid_line",
    ],
    ["a blank account", [debit(" ", 5), credit("1100", 5)], "invalid_line"],
    [
      "both sides on one line",
      [{ ...debit("1050", 5), credit: money(5, "usd") } as unknown as JournalLine, credit("1100", 5)],
      "invalid_line",
    ],
    ["a single line", [debit("1050", 5)], "invalid_entry"],
  ])("refuses %s", (_, lines, kind) => {
    expect(journalEntry(draft(lines as JournalLine[]))).toMatchObject({ ok: false, error: { kind } });
  });

  it("refuses a date that is not YYYY-MM-DD and a key that is not ledger:<kind>:<id>", () => {
    const lines = [debit("1050", 5), credit("1100", 5)];
    expect(journalEntry(draft(lines, { date: "02/12/2026" }))).toMatchObject({
      ok: false,
      error: { kind: "invalid_entry" },
    });
    expect(journalEntry(draft(lines, { key: "po_1" }))).toMatchObject({ ok: false, error: { kind: "invalid_entry" } });
  });
});

describe("reversingEntry", () => {
  const made = journalEntry(draft([debit("1050", 1912), debit("6100", 88), credit("1100", 2000)]));
  if (!made.ok) throw new Error(made.error.message);
  const original = made.value;

  it("mirrors every line, keyed after the entry it reverses", () => {
    const reversal = reversingEntry(original, "posted to the wrong order", "2026-12-05");
    expect(reversal).toMatchObject({
      key: "ledger:payout:po_1:charge:reversal",
      reverses: original.key,
      date: "2026-12-05",
      memo: "Reversal of ledger:payout:po_1:charge: posted to the wrong order",
    });
    expect(reversal.lines.map(signedAmount)).toEqual(original.lines.map((l) => -signedAmount(l)));
    expect(reversal.lines.map((l) => l.account)).toEqual(original.lines.map((l) => l.account));
  });

  it("needs a reason", () => {
    expect(() => reversingEntry(original, "  ")).toThrow(/reason/);
  });
});

describe("signedLine", () => {
  it("debits a positive amount, credits a negative one, and drops zero", () => {
    const rest = { account: "1050", memo: "", links: { payout: ids.payout(1) } };
    expect(signedLine(money(5, "usd"), rest)).toMatchObject({ debit: { amount: 5 } });
    expect(signedLine(money(-5, "usd"), rest)).toMatchObject({ credit: { amount: 5 } });
    expect(signedLine(money(0, "usd"), rest)).toBeNull();
  });
});
