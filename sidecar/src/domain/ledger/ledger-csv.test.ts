import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { defaultChartOfAccounts as chart } from "./chart-of-accounts.js";
import { journalEntry } from "./journal-entry.js";
import { JOURNAL_CSV_HEADER, journalCsv, RECONCILIATION_CSV_HEADER, reconciliationCsv } from "./ledger-csv.js";
import { payoutEntries } from "./payout-entries.js";
import { reconcilePayout } from "./reconcile-payout.js";
import { mixedPayout } from "./test-support/fixtures.js";
import { readCsv } from "./test-support/read-csv.js";

const rows = readCsv;
const column = (header: readonly string[], name: string) => header.indexOf(name);

function scenario() {
  const { payout, transactions } = mixedPayout();
  const reconciliation = reconcilePayout(payout, transactions);
  const entries = payoutEntries(reconciliation, chart);
  if (!entries.ok) throw new Error(entries.error.message);
  return { payout, reconciliation, entries: entries.value };
}

describe("journalCsv", () => {
  it("one record per line, amounts as decimals of the line's currency, ISO dates, links and FX kept", () => {
    const { entries } = scenario();
    const [header, ...records] = rows(journalCsv(entries));
    expect(header).toEqual([...JOURNAL_CSV_HEADER]);
    expect(records).toHaveLength(entries.reduce((n, e) => n + e.lines.length, 0));
    const first = records[0]!;
    expect(first.slice(0, 2)).toEqual(["ledger:payout:po_test:0:charge", "2026-12-02"]);
    expect(first.slice(4, 8)).toEqual(["1050", "USD", "48.25", ""]);
    const euro = records.find(
      (r) => r[column(header!, "currency")] === "EUR" && r[column(header!, "account")] === "1100",
    )!;
    expect(euro[column(header!, "credit")]).toBe("100.00");
    expect(euro[column(header!, "presentment_amount")]).toBe("100.00");
    expect(euro[column(header!, "exchange_rate")]).toBe("1.0843");
    expect(euro[column(header!, "charge")]).toBe("ch_5");
  });

  it("writes each currency's own decimals: JPY whole, KWD three", () => {
    const made = journalEntry({
      key: "ledger:manual:ccy",
      date: "2026-12-02",
      memo: "currencies",
      lines: [
        { account: "1000", debit: money(1200, "jpy"), memo: "", links: {} },
        { account: "1050", credit: money(1200, "jpy"), memo: "", links: {} },
        { account: "1000", debit: money(5120, "kwd"), memo: "", links: {} },
        { account: "1050", credit: money(5120, "kwd"), memo: "", links: {} },
      ],
    });
    if (!made.ok) throw new Error(made.error.message);
    const [, ...records] = rows(journalCsv([made.value]));
    expect(records.map((r) => r.slice(5, 8))).toEqual([
      ["JPY", "1200", ""],
      ["JPY", "", "1200"],
      ["KWD", "5.120", ""],
      ["KWD", "", "5.120"],
    ]);
  });

  it("filters by period, both ends inclusive", () => {
    const { entries } = scenario();
    expect(rows(journalCsv(entries, { from: "2026-12-03", to: "2026-12-31" }))).toHaveLength(1);
    expect(rows(journalCsv(entries, { from: "2026-12-02", to: "2026-12-02" })).length).toBeGreaterThan(1);
  });
});

describe("reconciliationCsv", () => {
  it("itemizes the payout's transactions (not the payout itself) and ends with the residual; nets sum to the payout", () => {
    const { payout, reconciliation } = scenario();
    const [header, ...records] = rows(reconciliationCsv(reconciliation));
    expect(header).toEqual([...RECONCILIATION_CSV_HEADER]);
    expect(records).toHaveLength(reconciliation.transactions.length);
    expect(records.map((r) => r[column(header!, "reporting_category")])).not.toContain("payout");
    expect(records.at(-1)!.slice(4, 10)).toEqual(["residual", "", "USD", "0.00", "0.00", "0.00"]);
    const cents = records.reduce((sum, r) => sum + Math.round(Number(r[column(header!, "net")]) * 100), 0);
    expect(cents).toBe(payout.amount.amount);
  });

  it("names each transaction's exceptions", () => {
    const { payout, transactions } = mixedPayout();
    const withoutOrder = transactions.map((m, i) => (i === 0 ? { ...m, order: null } : m));
    const [header, ...records] = rows(reconciliationCsv(reconcilePayout(payout, withoutOrder)));
    expect(records[0]![column(header!, "exceptions")]).toBe("no_order");
    expect(records[0]![column(header!, "order_guid")]).toBe("");
  });
});
