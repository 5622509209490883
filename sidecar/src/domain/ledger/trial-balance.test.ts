import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { type BalancedEntry, type JournalLine, journalEntry, reversingEntry } from "./journal-entry.js";
import { ids } from "./test-support/fixtures.js";
import { balancesByOrder, trialBalance } from "./trial-balance.js";

function entry(key: string, date: string, lines: JournalLine[]): BalancedEntry {
  const made = journalEntry({ key, date, memo: key, lines });
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}
const dr = (account: string, amount: number, currency = "usd", order?: number): JournalLine => ({
  account,
  debit: money(amount, currency),
  memo: "",
  links: order ? { orderGuid: ids.order(order) } : {},
});
const cr = (account: string, amount: number, currency = "usd", order?: number): JournalLine => ({
  account,
  credit: money(amount, currency),
  memo: "",
  links: order ? { orderGuid: ids.order(order) } : {},
});

const november = entry("ledger:test:nov", "2026-11-30", [dr("1050", 1000), cr("1100", 1000, "usd", 1)]);
const december = entry("ledger:test:dec", "2026-12-01", [dr("1050", 500), cr("1100", 500, "usd", 2)]);
const euro = entry("ledger:test:eur", "2026-12-01", [dr("1050", 700, "eur"), cr("1100", 700, "eur", 3)]);

describe("trialBalance", () => {
  it("sums per account and currency, never adding currencies together", () => {
    expect(
      trialBalance([november, december, euro]).map((r) => [
        r.account,
        r.currency,
        r.debits.amount,
        r.credits.amount,
        r.balance.amount,
      ]),
    ).toEqual([
      ["1050", "eur", 700, 0, 700],
      ["1050", "usd", 1500, 0, 1500],
      ["1100", "eur", 0, 700, -700],
      ["1100", "usd", 0, 1500, -1500],
    ]);
  });

  it("takes the entries of the period, both ends inclusive", () => {
    const december2026 = { from: "2026-12-01", to: "2026-12-31" };
    expect(trialBalance([november, december], december2026).map((r) => r.balance.amount)).toEqual([500, -500]);
    expect(
      trialBalance([november, december], { from: "2026-11-30", to: "2026-11-30" }).map((r) => r.balance.amount),
    ).toEqual([1000, -1000]);
  });

  it("an entry and its reversal leave every account where it was", () => {
    const rows = trialBalance([december, reversingEntry(december, "wrong order")]);
    expect(rows.map((r) => [r.account, r.debits.amount, r.credits.amount, r.balance.amount])).toEqual([
      ["1050", 500, 500, 0],
      ["1100", 500, 500, 0],
    ]);
  });
});

describe("balancesByOrder", () => {
  it("is the receivables sub-ledger per order and currency", () => {
    expect(balancesByOrder([november, december, euro], "1100")).toEqual([
      { orderGuid: ids.order(1), balance: money(-1000, "usd") },
      { orderGuid: ids.order(2), balance: money(-500, "usd") },
      { orderGuid: ids.order(3), balance: money(-700, "eur") },
    ]);
  });
});
