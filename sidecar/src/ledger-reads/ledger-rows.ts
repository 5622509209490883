import {
  type BalancedEntry,
  type EntryKey,
  type ForeignExchange,
  type JournalLine,
  journalEntry,
  type LineLinks,
} from "../domain/ledger/journal-entry.js";
import type { SettledTransaction } from "../domain/ledger/settled-transaction.js";
import { type Money, money } from "../domain/money.js";

// Stored rows back into the domain's shapes. Every entry goes through journalEntry again, so a row changed
// behind the ledger's back (an unbalanced entry, a line with both sides) is refused loudly, never exported.

/** A stored row that is not what the ledger wrote: reading stops rather than export a wrong journal. */
export class CorruptLedgerRowError extends Error {
  override readonly name = "CorruptLedgerRowError";
}

/** BigInt columns arrive as text (selected ::text); minor units must be safe integers. */
export function minorUnits(text: string | null, what: string): number | null {
  if (text === null) return null;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CorruptLedgerRowError(`${what} ${text} is not an integer in minor units`);
  return value;
}

export interface EntryRow {
  key: string;
  date: string;
  memo: string;
  reverses: string | null;
}

export interface LineRow {
  entryKey: string;
  lineNo: number;
  account: string;
  debitMinor: string | null;
  creditMinor: string | null;
  currency: string;
  memo: string;
  links: LineLinks;
  fx: StoredFx | null;
}

/** LedgerLine.fx as the payouts flow stores it: the FX facts and the settlement equivalent, amounts in minor units. */
export interface StoredFx {
  presentment?: { amount: number; currency: string };
  exchangeRate?: number;
  settlementEquivalent?: { amount: number; currency: string };
}

const moneyOf = (m: { amount: number; currency: string } | undefined): Money | undefined =>
  m ? money(m.amount, m.currency) : undefined;

function lineOf(row: LineRow): JournalLine {
  const where = `line ${row.entryKey}#${row.lineNo}`;
  const debit = minorUnits(row.debitMinor, `${where} debit`);
  const credit = minorUnits(row.creditMinor, `${where} credit`);
  const fx: ForeignExchange | undefined =
    row.fx?.presentment && row.fx.exchangeRate !== undefined
      ? {
          presentment: money(row.fx.presentment.amount, row.fx.presentment.currency),
          exchangeRate: row.fx.exchangeRate,
        }
      : undefined;
  const settlementEquivalent = moneyOf(row.fx?.settlementEquivalent);
  const rest = {
    account: row.account,
    memo: row.memo,
    links: row.links,
    ...(fx ? { fx } : {}),
    ...(settlementEquivalent ? { settlementEquivalent } : {}),
  };
  // Both or neither side set: hand journalEntry what is stored, so its refusal names the line.
  if (debit !== null && credit === null) return { ...rest, debit: money(debit, row.currency) };
  if (credit !== null && debit === null) return { ...rest, credit: money(credit, row.currency) };
  return { ...rest, debit: money(debit ?? 0, row.currency), credit: money(credit ?? 0, row.currency) } as never;
}

/** One stored entry and its lines (in line order) as the BalancedEntry they were made from. */
export function entryFromRows(row: EntryRow, lines: readonly LineRow[]): BalancedEntry {
  let draftLines: JournalLine[];
  try {
    draftLines = lines.map(lineOf);
  } catch (error) {
    if (error instanceof CorruptLedgerRowError) throw error;
    throw new CorruptLedgerRowError(`entry ${row.key}: ${(error as Error).message}`);
  }
  const result = journalEntry({
    key: row.key,
    date: row.date,
    memo: row.memo,
    lines: draftLines,
    ...(row.reverses ? { reverses: row.reverses as EntryKey } : {}),
  });
  if (!result.ok) throw new CorruptLedgerRowError(`stored entry ${row.key} is refused: ${result.error.message}`);
  return result.value;
}

/** The stored form of an entry's lines (what the payouts flow writes; tests seed with it). */
export function lineRowsOf(entry: BalancedEntry): LineRow[] {
  return entry.lines.map((line, lineNo) => ({
    entryKey: entry.key,
    lineNo,
    account: line.account,
    debitMinor: line.debit ? String(line.debit.amount) : null,
    creditMinor: line.credit ? String(line.credit.amount) : null,
    currency: (line.debit ?? line.credit)?.currency as string,
    memo: line.memo,
    links: line.links,
    fx:
      line.fx || line.settlementEquivalent
        ? {
            ...(line.fx ? { presentment: { ...line.fx.presentment }, exchangeRate: line.fx.exchangeRate } : {}),
            ...(line.settlementEquivalent ? { settlementEquivalent: { ...line.settlementEquivalent } } : {}),
          }
        : null,
  }));
}

export interface PayoutLineRow {
  balanceTransaction: string;
  payoutId: string;
  page: number;
  position: number;
  category: string;
  type: string;
  grossMinor: string;
  feeMinor: string;
  netMinor: string;
  currency: string;
  presentmentMinor: string | null;
  presentmentCurrency: string | null;
  exchangeRate: string | null;
  orderGuid: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  refundId: string | null;
  disputeId: string | null;
  description: string | null;
  created: Date;
}

/** A stored payout line as the balance transaction it came from (for the itemized report). */
export function settledFromRow(row: PayoutLineRow): SettledTransaction {
  const amount = (text: string, what: string) =>
    money(minorUnits(text, `${row.balanceTransaction} ${what}`) as number, row.currency);
  const presentment = minorUnits(row.presentmentMinor, `${row.balanceTransaction} presentment`);
  return {
    id: row.balanceTransaction,
    category: row.category,
    type: row.type,
    gross: amount(row.grossMinor, "gross"),
    fee: amount(row.feeMinor, "fee"),
    net: amount(row.netMinor, "net"),
    fx:
      presentment !== null && row.presentmentCurrency && row.exchangeRate
        ? { presentment: money(presentment, row.presentmentCurrency), exchangeRate: Number(row.exchangeRate) }
        : null,
    // Stripe's `created` is whole seconds, written as the domain writes it (no milliseconds).
    created: row.created.toISOString().replace(/\.\d{3}Z$/, "Z"),
    description: row.description,
    sources: {
      ...(row.paymentIntentId ? { paymentIntent: row.paymentIntentId as never } : {}),
      ...(row.chargeId ? { charge: row.chargeId as never } : {}),
      ...(row.refundId ? { refund: row.refundId as never } : {}),
      ...(row.disputeId ? { dispute: row.disputeId as never } : {}),
    },
  };
}
