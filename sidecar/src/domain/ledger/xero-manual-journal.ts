import { type Currency, normalizeCurrency, toDecimalString } from "../money.js";
import { err, ok, type Result } from "../result.js";
import { csvTable } from "./csv.js";
import { type BalancedEntry, type JournalLine, signedAmount } from "./journal-entry.js";

/**
 * Xero's manual journal import (Xero Central, "Enter multiple manual journals using an import template",
 * help.xero.com/ManualJournalsImport, Adviser > Manual Journals > Import > Download template file):
 * - Narration (mandatory): rows with the same narration and date become the lines of one journal;
 * - Date (mandatory): dd/mm/yyyy or dd mmm yyyy;
 * - Description (optional), per line;
 * - AccountCode (mandatory): the code, "200" not "200 - Sales";
 * - TaxRate (mandatory): the tax rate's full name as in the organisation's tax settings;
 * - Amount (mandatory): positive is a debit, negative a credit;
 * - TrackingName1/TrackingOption1, TrackingName2/TrackingOption2 (optional): up to two tracking categories;
 * - at most 300 lines per file. The template marks the mandatory columns with `*`.
 * Manual journals are in the organisation's base currency, so lines in another currency are written at their
 * settlement equivalent, and a line without one is refused.
 */
export const XERO_MANUAL_JOURNAL_HEADER = [
  "*Narration",
  "*Date",
  "Description",
  "*AccountCode",
  "*TaxRate",
  "*Amount",
  "TrackingName1",
  "TrackingOption1",
  "TrackingName2",
  "TrackingOption2",
] as const;

export const XERO_MAX_LINES_PER_FILE = 300;

export interface XeroExportOptions {
  readonly baseCurrency: string;
  /** E.g. "Tax Exempt" (US), "No GST" (NZ), "BAS Excluded" (AU), "No VAT" (UK): bank and clearing moves carry no tax. */
  readonly taxRate: string;
  /** Optional tracking category the order GUID is written to (it must exist in Xero with those options). */
  readonly orderTrackingCategory?: string;
}

export type XeroExportProblem = { kind: "foreign_currency_line"; message: string; entryKey: string };

/** The journal as Xero import files of at most 300 lines each, never splitting a journal across files. */
export function xeroManualJournalFiles(
  entries: Iterable<BalancedEntry>,
  options: XeroExportOptions,
): Result<string[], XeroExportProblem> {
  const base = normalizeCurrency(options.baseCurrency);
  const files: string[][][] = [];
  let current: string[][] = [];
  for (const entry of entries) {
    const rows: string[][] = [];
    for (const line of entry.lines) {
      const amount = baseAmount(line, base);
      if (amount === null)
        return err({
          kind: "foreign_currency_line",
          entryKey: entry.key,
          message: `entry ${entry.key} has a line in ${lineCurrency(line)} with no ${base} equivalent; Xero manual journals are in the base currency`,
        });
      rows.push(xeroRow(entry, line, amount, options));
    }
    if (current.length + rows.length > XERO_MAX_LINES_PER_FILE && current.length > 0) {
      files.push(current);
      current = [];
    }
    current.push(...rows);
  }
  if (current.length > 0) files.push(current);
  return ok(files.map((rows) => csvTable(XERO_MANUAL_JOURNAL_HEADER, rows)));
}

/** dd/mm/yyyy from our ISO date. */
export function xeroDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}/${month}/${year}`;
}

function xeroRow(entry: BalancedEntry, line: JournalLine, amount: string, options: XeroExportOptions): string[] {
  const order = line.links.orderGuid;
  const tracking = options.orderTrackingCategory && order ? [options.orderTrackingCategory, order] : ["", ""];
  // The key makes each narration unique, so two entries of one day never merge into one journal.
  return [
    `${entry.memo} [${entry.key}]`,
    xeroDate(entry.date),
    line.memo,
    line.account,
    options.taxRate,
    amount,
    ...tracking,
    "",
    "",
  ];
}

function baseAmount(line: JournalLine, base: Currency): string | null {
  const sign = signedAmount(line) < 0 ? -1 : 1;
  const own = line.debit ?? line.credit;
  const value =
    own?.currency === base ? own : line.settlementEquivalent?.currency === base ? line.settlementEquivalent : null;
  return value ? toDecimalString({ ...value, amount: sign * value.amount }) : null;
}

const lineCurrency = (line: JournalLine) => (line.debit ?? line.credit)?.currency.toUpperCase();
