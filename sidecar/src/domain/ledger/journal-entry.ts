import type { ChargeId, DisputeId, OrderGuid, PaymentIntentId, PayoutId, RefundId } from "../ids.js";
import { type Currency, type Money, money } from "../money.js";
import { err, ok, type Result } from "../result.js";

/** What a line is about, so finance can walk from the general ledger back to the order and Stripe's objects. */
export interface LineLinks {
  readonly orderGuid?: OrderGuid;
  readonly paymentIntent?: PaymentIntentId;
  readonly charge?: ChargeId;
  readonly refund?: RefundId;
  readonly dispute?: DisputeId;
  /** txn_…: the balance transaction the line comes from. */
  readonly balanceTransaction?: string;
  readonly payout?: PayoutId;
}

/**
 * The customer-facing side of a converted balance transaction, kept for the report: what the customer paid
 * (presentment currency) and Stripe's rate to the settlement currency. Never used to compute the settlement
 * amount, which is Stripe's own integer.
 */
export interface ForeignExchange {
  readonly presentment: Money;
  readonly exchangeRate: number;
}

/** Exactly one side, always a positive integer in minor units. */
export type LineSide =
  | { readonly debit: Money; readonly credit?: never }
  | { readonly credit: Money; readonly debit?: never };

export type JournalLine = LineSide & {
  readonly account: string;
  readonly memo: string;
  readonly links: LineLinks;
  readonly fx?: ForeignExchange;
  /**
   * For a line in a currency other than the one Stripe settled in (the presentment side of a conversion): the
   * same value in the settlement currency, so a base-currency export (Xero) can write it without a rate of its own.
   */
  readonly settlementEquivalent?: Money;
};

/** `ledger:payout:po_123:charge`; the ERP and our tables refuse a second entry with the same key. */
export type EntryKey = string & { readonly __brand: "EntryKey" };

export interface EntryDraft {
  readonly key: string;
  /** The accounting date, ISO `YYYY-MM-DD`. */
  readonly date: string;
  readonly memo: string;
  readonly lines: readonly JournalLine[];
  /** The key of the entry this one reverses. */
  readonly reverses?: EntryKey;
}

declare const balanced: unique symbol;

/** An entry whose debits equal its credits in every currency. Only `journalEntry` (and its reversal) make one. */
export type BalancedEntry = Omit<EntryDraft, "key"> & { readonly key: EntryKey; readonly [balanced]: true };

export interface CurrencyImbalance {
  readonly currency: Currency;
  readonly debits: number;
  readonly credits: number;
}

export type EntryProblem =
  | { kind: "unbalanced"; message: string; imbalances: CurrencyImbalance[] }
  | { kind: "invalid_line"; message: string; line: number }
  | { kind: "invalid_entry"; message: string };

const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const entryKeyPattern = /^ledger:[a-z_]+:[^\s]+$/;

export function entryKey(...parts: [kind: string, ...rest: (string | number)[]]): EntryKey {
  return `ledger:${parts.join(":")}` as EntryKey;
}

/** The one door to a posted entry: refuses anything that is not double entry, so an unbalanced entry cannot exist. */
export function journalEntry(draft: EntryDraft): Result<BalancedEntry, EntryProblem> {
  if (!entryKeyPattern.test(draft.key))
    return err({ kind: "invalid_entry", message: `key "${draft.key}" is not of the form ledger:<kind>:<id>` });
  if (!isoDate.test(draft.date))
    return err({ kind: "invalid_entry", message: `date "${draft.date}" is not YYYY-MM-DD` });
  if (draft.lines.length < 2) return err({ kind: "invalid_entry", message: "an entry has at least two lines" });
  for (const [i, line] of draft.lines.entries()) {
    const problem = lineProblem(line);
    if (problem) return err({ kind: "invalid_line", message: `line ${i}: ${problem}`, line: i });
  }
  const imbalances = imbalancesOf(draft.lines);
  if (imbalances.length > 0) {
    const text = imbalances.map((s) => `${s.currency} debits ${s.debits} ≠ credits ${s.credits}`).join("; ");
    return err({ kind: "unbalanced", message: `entry ${draft.key} does not balance: ${text}`, imbalances });
  }
  return ok(seal(draft));
}

/**
 * Posted entries never change; a correction is this mirror image (every debit a credit and back), dated when
 * the correction is made, followed if need be by a new entry.
 */
export function reversingEntry(entry: BalancedEntry, reason: string, date: string = entry.date): BalancedEntry {
  if (reason.trim() === "") throw new TypeError("a reversal needs a reason");
  const result = journalEntry({
    key: `${entry.key}:reversal`,
    date,
    memo: `Reversal of ${entry.key}: ${reason}`,
    reverses: entry.key,
    lines: entry.lines.map(mirror),
  });
  if (!result.ok) throw new TypeError(result.error.message);
  return result.value;
}

/** Signed amount of a line: debits positive, credits negative. */
export function signedAmount(line: JournalLine): number {
  return line.debit ? line.debit.amount : -(line.credit?.amount ?? 0);
}

export function lineAmount(line: JournalLine): Money {
  return (line.debit ?? line.credit) as Money;
}

/** A line from a signed amount (positive debit, negative credit); null for zero, which no entry needs. */
export function signedLine(amount: Money, rest: Omit<JournalLine, "debit" | "credit">): JournalLine | null {
  if (amount.amount === 0) return null;
  const side = money(Math.abs(amount.amount), amount.currency);
  return Object.freeze(amount.amount > 0 ? { ...rest, debit: side } : { ...rest, credit: side });
}

function mirror(line: JournalLine): JournalLine {
  const { debit, credit, ...rest } = line;
  return Object.freeze(debit ? { ...rest, credit: debit } : { ...rest, debit: credit as Money });
}

function lineProblem(line: JournalLine): string | null {
  if (line.account.trim() === "") return "account is blank";
  if ((line.debit === undefined) === (line.credit === undefined)) return "a line has exactly one of debit or credit";
  const amount = lineAmount(line);
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0)
    return `amount ${amount.amount} is not a positive integer in minor units`;
  return null;
}

function imbalancesOf(lines: readonly JournalLine[]): CurrencyImbalance[] {
  const sums = new Map<Currency, { debits: number; credits: number }>();
  for (const line of lines) {
    const amount = lineAmount(line);
    const sum = sums.get(amount.currency) ?? { debits: 0, credits: 0 };
    if (line.debit) sum.debits += amount.amount;
    else sum.credits += amount.amount;
    sums.set(amount.currency, sum);
  }
  return [...sums].filter(([, s]) => s.debits !== s.credits).map(([currency, s]) => ({ currency, ...s }));
}

function seal(draft: EntryDraft): BalancedEntry {
  return Object.freeze({
    ...draft,
    lines: Object.freeze(draft.lines.map((line) => Object.freeze({ ...line }))),
  }) as unknown as BalancedEntry;
}
