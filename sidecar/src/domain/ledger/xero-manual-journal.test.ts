import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { defaultChartOfAccounts as chart } from "./chart-of-accounts.js";
import { type BalancedEntry, journalEntry } from "./journal-entry.js";
import { payoutEntries } from "./payout-entries.js";
import { reconcilePayout } from "./reconcile-payout.js";
import { ids, mixedPayout } from "./test-support/fixtures.js";
import { readCsv } from "./test-support/read-csv.js";
import { XERO_MANUAL_JOURNAL_HEADER, xeroDate, xeroManualJournalFiles } from "./xero-manual-journal.js";

const options = { baseCurrency: "USD", taxRate: "Tax Exempt" };

function entries(payoutId = ids.payout("test")): BalancedEntry[] {
  const { payout, transactions } = mixedPayout(payoutId);
  const posted = payoutEntries(reconcilePayout(payout, transactions), chart);
  if (!posted.ok) throw new Error(posted.error.message);
  return posted.value;
}

function only<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const rowsOf = readCsv;

describe("Xero manual journal import (help.xero.com/ManualJournalsImport)", () => {
  it("the header is Xero's template, mandatory columns starred, in its order", () => {
    const [file] = only(xeroManualJournalFiles(entries(), options));
    expect(file!.split("\r\n")[0]).toBe(
      "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2",
    );
    expect(XERO_MANUAL_JOURNAL_HEADER).toHaveLength(10);
  });

  it("a row: narration per journal, dd/mm/yyyy, the account code alone, the tax rate name, debit positive", () => {
    const [file] = only(xeroManualJournalFiles(entries(), options));
    const [, first, , third] = rowsOf(file!);
    expect(first).toEqual([
      "Payout po_test: 5 charge transaction(s) [ledger:payout:po_test:0:charge]",
      "02/12/2026",
      expect.stringMatching(/^charge txn_\d+ order 00000000-0000-4000-8000-000000000001$/),
      "1050",
      "Tax Exempt",
      "48.25",
      "",
      "",
      "",
      "",
    ]);
    expect(third![5]).toBe("-50.00");
  });

  it("each journal's rows share one narration and date and sum to zero; narrations differ between journals", () => {
    const [file] = only(xeroManualJournalFiles(entries(), options));
    const byNarration = new Map<string, number>();
    for (const [narration, , , , , amount] of rowsOf(file!).slice(1))
      byNarration.set(narration!, (byNarration.get(narration!) ?? 0) + Math.round(Number(amount) * 100));
    expect(byNarration.size).toBe(entries().length);
    for (const total of byNarration.values()) expect(total).toBe(0);
  });

  it("the EUR side of a converted charge is written at its USD equivalent, so the journal balances in the base currency", () => {
    const [file] = only(xeroManualJournalFiles(entries(), options));
    const fxRows = rowsOf(file!).filter((r) => r[3] === "4900");
    expect(fxRows.map((r) => r[5])).toEqual(["108.43", "-108.43"]);
  });

  it("refuses a foreign-currency line with no base-currency equivalent, naming the entry", () => {
    const euro = only(
      journalEntry({
        key: "ledger:manual:1",
        date: "2026-12-02",
        memo: "euro",
        lines: [
          { account: "1000", debit: money(100, "eur"), memo: "", links: {} },
          { account: "1050", credit: money(100, "eur"), memo: "", links: {} },
        ],
      }),
    );
    expect(xeroManualJournalFiles([euro], options)).toMatchObject({
      ok: false,
      error: { kind: "foreign_currency_line", entryKey: "ledger:manual:1" },
    });
  });

  it("at most 300 lines per file, never splitting a journal", () => {
    const many = Array.from({ length: 40 }, (_, i) => entries(ids.payout(i))).flat();
    const files = only(xeroManualJournalFiles(many, options));
    expect(files.length).toBeGreaterThan(1);
    const narrations = files.map(
      (f) =>
        new Set(
          rowsOf(f)
            .slice(1)
            .map((r) => r[0]),
        ),
    );
    for (const file of files) expect(rowsOf(file).length - 1).toBeLessThanOrEqual(300);
    for (const [i, a] of narrations.entries())
      for (const b of narrations.slice(i + 1)) expect([...a].filter((n) => b.has(n))).toEqual([]);
  });

  it("writes the order to a tracking category when asked", () => {
    const [file] = only(xeroManualJournalFiles(entries(), { ...options, orderTrackingCategory: "Order" }));
    expect(rowsOf(file!)[1]!.slice(6, 8)).toEqual(["Order", "00000000-0000-4000-8000-000000000001"]);
    expect(xeroDate("2026-01-05")).toBe("05/01/2026");
  });
});
