import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultChartOfAccounts as chart } from "./chart-of-accounts.js";
import { type BalancedEntry, lineAmount, signedAmount } from "./journal-entry.js";
import { arrivalEntries, pageEntries, payoutEntries, transferEntries } from "./payout-entries.js";
import { payoutReconciler, reconcilePayout } from "./reconcile-payout.js";
import { honestPayout, inject, type PayoutScenario, payoutScenario } from "./test-support/arbitraries.js";
import { readCsv } from "./test-support/read-csv.js";
import { trialBalance } from "./trial-balance.js";
import { xeroManualJournalFiles } from "./xero-manual-journal.js";

function sumsPerCurrency(entries: BalancedEntry[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const entry of entries)
    for (const line of entry.lines) {
      const { currency } = lineAmount(line);
      sums.set(currency, (sums.get(currency) ?? 0) + signedAmount(line));
    }
  return sums;
}

function post(scenario: PayoutScenario) {
  const honest = honestPayout(scenario);
  const { transactions, expected } = inject(scenario, honest.transactions);
  const reconciliation = reconcilePayout(honest.payout, transactions);
  const entries = payoutEntries(reconciliation, chart);
  if (!entries.ok) throw new Error(entries.error.message);
  return { payout: honest.payout, reconciliation, entries: entries.value, expected };
}

describe("ledger properties (random mixes of charges, partial captures, refunds, disputes, fees, adjustments, two currencies)", () => {
  it("every entry balances per currency, and so does the whole journal", () => {
    fc.assert(
      fc.property(payoutScenario, (scenario) => {
        const { entries } = post(scenario);
        for (const entry of entries) for (const total of sumsPerCurrency([entry]).values()) expect(total).toBe(0);
        for (const row of trialBalance(entries))
          expect(row.debits.amount - row.credits.amount).toBe(row.balance.amount);
      }),
      { numRuns: 300 },
    );
  });

  it("the residual is zero exactly when no transaction is missing; the injected fault is the only exception", () => {
    fc.assert(
      fc.property(payoutScenario, (scenario) => {
        const { reconciliation, expected } = post(scenario);
        expect(reconciliation.residual.amount === 0).toBe(expected !== "residual");
        expect(reconciliation.exceptions.map((e) => e.kind)).toEqual(expected ? [expected] : []);
      }),
      { numRuns: 500 },
    );
  });

  it("after posting, Stripe clearing is zero and the bank holds the payout; suspense holds only what an exception names", () => {
    fc.assert(
      fc.property(payoutScenario, (scenario) => {
        const { payout, entries, reconciliation } = post(scenario);
        const balance = (account: string) =>
          trialBalance(entries).find((r) => r.account === account && r.currency === payout.amount.currency)?.balance
            .amount ?? 0;
        expect(balance(chart.accounts.stripe_clearing)).toBe(0);
        expect(balance(chart.accounts.bank)).toBe(payout.amount.amount);
        expect(balance(chart.accounts.payouts_in_transit)).toBe(0);
        if (reconciliation.exceptions.length === 0) expect(balance(chart.accounts.suspense)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("the Xero files balance per journal in the base currency", () => {
    fc.assert(
      fc.property(payoutScenario, (scenario) => {
        const { payout, entries } = post(scenario);
        const files = xeroManualJournalFiles(entries, { baseCurrency: payout.amount.currency, taxRate: "Tax Exempt" });
        if (!files.ok) throw new Error(files.error.message);
        const perJournal = new Map<string, number>();
        for (const file of files.value)
          for (const fields of readCsv(file).slice(1)) {
            const cents = Math.round(Number(fields[5]) * 100);
            perJournal.set(fields[0]!, (perJournal.get(fields[0]!) ?? 0) + cents);
          }
        for (const total of perJournal.values()) expect(total).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("a page at a time gives the same reconciliation and the same trial balance as the whole payout", () => {
    fc.assert(
      fc.property(payoutScenario, fc.integer({ min: 1, max: 7 }), (scenario, size) => {
        const whole = post(scenario);
        const reconciler = payoutReconciler(whole.payout);
        const entries: BalancedEntry[] = [];
        const kinds: string[] = [];
        const transactions = whole.reconciliation.transactions;
        for (let start = 0, page = 0; start < transactions.length; start += size, page++) {
          const batch = transactions.slice(start, start + size);
          kinds.push(...reconciler.add(batch).map((e) => e.kind));
          const made = pageEntries(whole.payout, page, batch, chart);
          if (!made.ok) throw new Error(made.error.message);
          entries.push(...made.value);
        }
        const end = reconciler.finish();
        kinds.push(...end.exceptions.map((e) => e.kind));
        for (const made of [transferEntries(whole.payout, end.residual, chart), arrivalEntries(whole.payout, chart)]) {
          if (!made.ok) throw new Error(made.error.message);
          entries.push(...made.value);
        }
        expect(end.residual).toEqual(whole.reconciliation.residual);
        expect(end.categories).toEqual(whole.reconciliation.categories);
        expect(kinds.sort()).toEqual(whole.reconciliation.exceptions.map((e) => e.kind).sort());
        expect(trialBalance(entries)).toEqual(trialBalance(whole.entries));
        expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
      }),
      { numRuns: 200 },
    );
  });
});
