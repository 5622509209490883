import { type CsvValues, csvRecord } from "../domain/ledger/csv.js";
import type { BalancedEntry } from "../domain/ledger/journal-entry.js";
import {
  JOURNAL_CSV_HEADER,
  journalRecords,
  RECONCILIATION_CSV_HEADER,
  reconciliationRecord,
  residualRecord,
} from "../domain/ledger/ledger-csv.js";
import { type Period, type TrialBalanceRow, trialBalance } from "../domain/ledger/trial-balance.js";
import {
  XERO_MANUAL_JOURNAL_HEADER,
  type XeroExportOptions,
  type XeroExportProblem,
  xeroManualJournalFiles,
} from "../domain/ledger/xero-manual-journal.js";
import { money, toDecimalString } from "../domain/money.js";
import { err, ok, type Result } from "../domain/result.js";
import type { EntryFilter, LedgerReads, PayoutView } from "./ledger-reads.js";

// The exports as streams of CSV text: the domain writes each record, this only walks the stored rows in batches,
// so a year's journal goes out in flat memory.

const CRLF = "\r\n";

/** RFC 4180 text, a header then a chunk per record. */
async function* csvStream(header: readonly string[], records: AsyncIterable<CsvValues>): AsyncGenerator<string> {
  yield csvRecord(header) + CRLF;
  for await (const record of records) yield csvRecord(record) + CRLF;
}

export function journalCsvStream(reads: LedgerReads, filter: EntryFilter): AsyncGenerator<string> {
  const records = async function* () {
    for await (const entry of reads.entries(filter)) yield* journalRecords(entry);
  };
  return csvStream(JOURNAL_CSV_HEADER, records());
}

/** The itemized reconciliation report of these payouts, each followed by its residual record. */
export function reconciliationCsvStream(
  reads: LedgerReads,
  payouts: AsyncIterable<PayoutView> | Iterable<PayoutView>,
): AsyncGenerator<string> {
  const records = async function* () {
    for await (const payout of payouts) {
      const kinds = await exceptionKindsByTransaction(reads, payout.id);
      for await (const line of reads.payoutLines(payout.id))
        yield reconciliationRecord(payout, line.transaction, line.orderGuid, kinds.get(line.transaction.id) ?? []);
      yield residualRecord(payout, payout.residual ?? money(0, payout.amount.currency));
    }
  };
  return csvStream(RECONCILIATION_CSV_HEADER, records());
}

/** A payout has few exceptions (one per faulty transaction at most): read them all, open or resolved. */
async function exceptionKindsByTransaction(reads: LedgerReads, payoutId: string): Promise<Map<string, string[]>> {
  const kinds = new Map<string, string[]>();
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const page = await reads.exceptions({ payoutId, status: "open" }, { limit: 500, ...(after ? { after } : {}) });
    for (const e of page.slice(0, 500))
      if (e.balanceTransaction) kinds.set(e.balanceTransaction, [...(kinds.get(e.balanceTransaction) ?? []), e.kind]);
    if (page.length <= 500) return kinds;
    const last = page[499] as (typeof page)[number];
    after = { at: last.createdAt, id: last.id };
  }
}

/** Per account and currency over the stored entries, fed to the domain's trialBalance a batch at a time. */
export async function storedTrialBalance(reads: LedgerReads, filter: EntryFilter): Promise<TrialBalanceRow[]> {
  let totals: TrialBalanceRow[] = [];
  let batch: BalancedEntry[] = [];
  const fold = () => {
    totals = mergeTrialBalances(totals, trialBalance(batch));
    batch = [];
  };
  for await (const entry of reads.entries(filter)) {
    batch.push(entry);
    if (batch.length === 500) fold();
  }
  fold();
  return totals;
}

/** Two trial balances added account by account, currency by currency. */
function mergeTrialBalances(a: readonly TrialBalanceRow[], b: readonly TrialBalanceRow[]): TrialBalanceRow[] {
  const sums = new Map<string, TrialBalanceRow>();
  for (const row of [...a, ...b]) {
    const key = `${row.account}\u0000${row.currency}`;
    const seen = sums.get(key);
    const add = (x: number, y: number) => money(x + y, row.currency);
    sums.set(
      key,
      seen
        ? {
            ...seen,
            debits: add(seen.debits.amount, row.debits.amount),
            credits: add(seen.credits.amount, row.credits.amount),
            balance: add(seen.balance.amount, row.balance.amount),
          }
        : row,
    );
  }
  return [...sums.values()].sort((x, y) => x.account.localeCompare(y.account) || x.currency.localeCompare(y.currency));
}

export const TRIAL_BALANCE_CSV_HEADER = ["account", "currency", "debits", "credits", "balance"] as const;

export function trialBalanceCsv(rows: readonly TrialBalanceRow[], period?: Period): string {
  const lines = [csvRecord(period ? [...TRIAL_BALANCE_CSV_HEADER, "from", "to"] : TRIAL_BALANCE_CSV_HEADER)];
  for (const r of rows)
    lines.push(
      csvRecord([
        r.account,
        r.currency.toUpperCase(),
        toDecimalString(r.debits),
        toDecimalString(r.credits),
        toDecimalString(r.balance),
        ...(period ? [period.from, period.to] : []),
      ]),
    );
  return lines.join(CRLF) + CRLF;
}

export interface XeroFile {
  /** 1-based, of `count`: Xero takes at most 300 lines a file, so a long journal is several. */
  part: number;
  count: number;
  content: string;
}

/**
 * Xero's manual journal import for these entries, the requested file of the set. Xero's 300-line files are
 * small; the set needs every entry to split between journals, so this one export holds the entries in memory.
 */
export async function xeroFile(
  reads: LedgerReads,
  filter: EntryFilter,
  options: XeroExportOptions,
  part: number,
): Promise<Result<XeroFile, XeroExportProblem | { kind: "no_such_part"; message: string }>> {
  const entries: BalancedEntry[] = [];
  for await (const entry of reads.entries(filter)) entries.push(entry);
  const files = xeroManualJournalFiles(entries, options);
  if (!files.ok) return files;
  const count = Math.max(files.value.length, 1);
  if (part < 1 || part > count)
    return err({ kind: "no_such_part", message: `part ${part} does not exist: the export has ${count} file(s)` });
  return ok({ part, count, content: files.value[part - 1] ?? csvRecord(XERO_MANUAL_JOURNAL_HEADER) + CRLF });
}
