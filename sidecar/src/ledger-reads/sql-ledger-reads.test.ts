import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsDir } from "../db/migrate.js";
import { journalCsv, reconciliationCsv } from "../domain/ledger/ledger-csv.js";
import { trialBalance } from "../domain/ledger/trial-balance.js";
import { xeroManualJournalFiles } from "../domain/ledger/xero-manual-journal.js";
import {
  journalCsvStream,
  reconciliationCsvStream,
  storedTrialBalance,
  trialBalanceCsv,
  xeroFile,
} from "./ledger-exports.js";
import { CorruptLedgerRowError } from "./ledger-rows.js";
import { SqlLedgerReads } from "./sql-ledger-reads.js";
import { seedMixedPayout } from "./test-support/seed-ledger.js";

const text = async (chunks: AsyncIterable<string>) => {
  let all = "";
  for await (const chunk of chunks) all += chunk;
  return all;
};

describe("the ledger's read side over stored rows", () => {
  const db = new PGlite();
  // A batch of 3 makes every stream page several times.
  const reads = new SqlLedgerReads(db, 3);
  let seeded: Awaited<ReturnType<typeof seedMixedPayout>>;
  beforeAll(async () => {
    await applyMigrations(db, migrationsDir);
    seeded = await seedMixedPayout(db);
  });
  afterAll(() => db.close());

  it("loads entries back as the balanced entries that were stored, in date and key order", async () => {
    const loaded = [];
    for await (const entry of reads.entries({ payoutId: "po_test" })) loaded.push(entry);
    const byKey = [...seeded.entries].sort((a, b) => a.key.localeCompare(b.key));
    expect(loaded).toEqual(byKey);
  });

  it("filters entries by period and by account", async () => {
    const keys = async (filter: Parameters<typeof reads.entries>[0]) => {
      const out = [];
      for await (const e of reads.entries(filter)) out.push(e.key);
      return out;
    };
    expect(await keys({ period: { from: "2026-12-03", to: "2026-12-31" } })).toEqual([]);
    expect(await keys({ period: { from: "2026-12-02", to: "2026-12-02" } })).toHaveLength(seeded.entries.length);
    expect(await keys({ account: "1000" })).toEqual(["ledger:payout:po_test:arrival"]);
  });

  it("streams the journal CSV the domain writes for the same entries", async () => {
    const sorted = [...seeded.entries].sort((a, b) => a.key.localeCompare(b.key));
    expect(await text(journalCsvStream(reads, { payoutId: "po_test" }))).toBe(journalCsv(sorted));
  });

  it("streams the payout's reconciliation report as the domain writes it from the reconciliation", async () => {
    const payout = await reads.payout("po_test");
    if (!payout) throw new Error("seeded payout missing");
    expect(await text(reconciliationCsvStream(reads, [payout]))).toBe(reconciliationCsv(seeded.reconciliation));
    const inPeriod = reads.payoutsIn({ from: "2026-12-01", to: "2026-12-31" });
    expect(await text(reconciliationCsvStream(reads, inPeriod))).toBe(reconciliationCsv(seeded.reconciliation));
  });

  it("the trial balance from stored entries equals the domain's, and balances per currency", async () => {
    const rows = await storedTrialBalance(reads, {});
    expect(rows).toEqual(trialBalance(seeded.entries));
    for (const currency of new Set(rows.map((r) => r.currency)))
      expect(rows.filter((r) => r.currency === currency).reduce((sum, r) => sum + r.balance.amount, 0)).toBe(0);
    const csv = trialBalanceCsv(rows, { from: "2026-12-01", to: "2026-12-31" });
    expect(csv.split("\r\n")[0]).toBe("account,currency,debits,credits,balance,from,to");
    expect(csv).toContain("1000,USD,");
  });

  it("writes Xero's import file for the stored entries, and refuses a part that does not exist", async () => {
    const options = { baseCurrency: "usd", taxRate: "Tax Exempt" };
    const file = await xeroFile(reads, { payoutId: "po_test" }, options, 1);
    const sorted = [...seeded.entries].sort((a, b) => a.key.localeCompare(b.key));
    const expected = xeroManualJournalFiles(sorted, options);
    if (!file.ok || !expected.ok) throw new Error("export failed");
    expect(file.value).toEqual({ part: 1, count: 1, content: expected.value[0] });
    const missing = await xeroFile(reads, { payoutId: "po_test" }, options, 2);
    expect(missing.ok ? null : missing.error.kind).toBe("no_such_part");
  });

  it("lists payouts with their status, residual, categories and open exceptions, and the exceptions", async () => {
    const [payout, ...others] = await reads.payouts({ statuses: ["posted", "exceptions"] }, { limit: 10 });
    expect(others).toEqual([]);
    expect(payout?.residual?.amount).toBe(0);
    expect(payout?.categories).toEqual(seeded.reconciliation.categories);
    expect(payout?.openExceptions).toBe(seeded.reconciliation.exceptions.length);
    expect(await reads.payouts({ period: { from: "2027-01-01", to: "2027-01-31" } }, { limit: 10 })).toEqual([]);
    expect(await reads.exceptions({ status: "resolved" }, { limit: 10 })).toEqual([]);
  });

  it("refuses loudly an entry changed behind the ledger's back", async () => {
    // The immutability trigger stops UPDATE; a row inserted unbalanced (by hand, by a bad import) is what is left.
    await db.query(`INSERT INTO "LedgerEntry" (key, date, memo) VALUES ('ledger:manual:bad', '2030-01-01', 'bad')`);
    await db.query(
      `INSERT INTO "LedgerLine" ("entryKey", "lineNo", account, "debitMinor", currency, memo, links)
       VALUES ('ledger:manual:bad', 0, '1000', 100, 'usd', 'x', '{}'), ('ledger:manual:bad', 1, '1050', 100, 'usd', 'y', '{}')`,
    );
    const read = async () => {
      for await (const _ of reads.entries({ period: { from: "2030-01-01", to: "2030-01-01" } }));
    };
    await expect(read()).rejects.toThrow(CorruptLedgerRowError);
    await expect(read()).rejects.toThrow(/ledger:manual:bad.*does not balance/);
  });
});
