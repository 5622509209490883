import { type Currency, formatMoney, type Money, money } from "../money.js";
import { err, ok, type Result } from "../result.js";
import { accountFor, type ChartOfAccounts, type LedgerRole } from "./chart-of-accounts.js";
import { classifyTransaction } from "./classify-transaction.js";
import {
  type BalancedEntry,
  type EntryProblem,
  entryKey,
  type JournalLine,
  journalEntry,
  signedLine,
} from "./journal-entry.js";
import type { PayoutReconciliation } from "./reconcile-payout.js";
import { type MatchedTransaction, PAYOUT_CATEGORY, type PayoutFacts } from "./settled-transaction.js";

export type PostingProblem =
  | { kind: "payout_not_paid"; message: string }
  | { kind: "entry_refused"; message: string; problem: EntryProblem };

/**
 * The payout's journal, in three steps that follow the money:
 * 1. per page of transactions, one entry per named category clearing Stripe's balance into its accounts;
 * 2. the transfer: the payout leaves Stripe clearing for payouts in transit (and an unexplained residual goes
 *    to suspense), so clearing is zero after every payout;
 * 3. the arrival, only once the payout is paid: in transit to the bank.
 * A payout that fails or is canceled before it arrives stays in transit until Stripe's `payout_reversal`
 * (in a later payout) brings it back; one that fails after it arrived first has its arrival reversed
 * (`reversingEntry`). Keys are stable per payout, page and category, so posting the same payout twice posts
 * nothing new, as long as the flow pages the same way (a payout's transactions are fixed).
 */
export function payoutEntries(
  reconciliation: PayoutReconciliation,
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  const { payout, transactions, residual } = reconciliation;
  const page = pageEntries(payout, 0, transactions, chart);
  if (!page.ok) return page;
  const transfer = transferEntries(payout, residual, chart);
  if (!transfer.ok) return transfer;
  if (payout.status !== "paid") return ok([...page.value, ...transfer.value]);
  const arrival = arrivalEntries(payout, chart);
  return arrival.ok ? ok([...page.value, ...transfer.value, ...arrival.value]) : arrival;
}

/** The entries of one page of the payout's transactions: `ledger:payout:<po>:<page>:<category>`. */
export function pageEntries(
  payout: PayoutFacts,
  page: number,
  transactions: readonly MatchedTransaction[],
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  const entries: BalancedEntry[] = [];
  for (const [category, group] of byCategory(transactions, payout.amount.currency)) {
    const lines = group.flatMap((m) => classifyTransaction(m, chart, payout.id));
    const made = post(
      payout,
      entryKey("payout", payout.id, page, category),
      `${group.length} ${category} transaction(s)`,
      lines,
    );
    if (!made.ok) return made;
    entries.push(...made.value);
  }
  return ok(entries);
}

/** Out of Stripe's balance once every page is in: `ledger:payout:<po>:transfer` (none for a zero payout). */
export function transferEntries(
  payout: PayoutFacts,
  residual: Money,
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  const line = lineMaker(payout, chart);
  const lines = [
    line("payouts_in_transit", payout.amount.amount, `payout ${payout.id}`),
    line("stripe_clearing", -payout.amount.amount, `payout ${payout.id}`),
    line("stripe_clearing", residual.amount, `residual of payout ${payout.id}`),
    line("suspense", -residual.amount, `residual of payout ${payout.id}`),
  ];
  return post(payout, entryKey("payout", payout.id, "transfer"), `${formatMoney(payout.amount)} out of Stripe`, lines);
}

/** In the bank: `ledger:payout:<po>:arrival`, for a paid payout only (none for a zero payout). */
export function arrivalEntries(payout: PayoutFacts, chart: ChartOfAccounts): Result<BalancedEntry[], PostingProblem> {
  if (payout.status !== "paid")
    return err({ kind: "payout_not_paid", message: `payout ${payout.id} is ${payout.status}, not paid` });
  const line = lineMaker(payout, chart);
  const lines = [
    line("bank", payout.amount.amount, `payout ${payout.id}`),
    line("payouts_in_transit", -payout.amount.amount, `payout ${payout.id}`),
  ];
  return post(payout, entryKey("payout", payout.id, "arrival"), `${formatMoney(payout.amount)} in the bank`, lines);
}

function lineMaker(payout: PayoutFacts, chart: ChartOfAccounts) {
  const currency = payout.amount.currency;
  return (role: LedgerRole, amount: number, memo: string) =>
    signedLine(money(amount, currency), {
      account: accountFor(chart, role, currency),
      memo,
      links: { payout: payout.id },
    });
}

/** One entry, or none when every line is zero (nothing moved). */
function post(
  payout: PayoutFacts,
  key: string,
  what: string,
  lines: (JournalLine | null)[],
): Result<BalancedEntry[], PostingProblem> {
  const moved = lines.filter((l): l is JournalLine => l !== null);
  if (moved.length === 0) return ok([]);
  const made = journalEntry({ key, date: payout.arrivalDate, memo: `Payout ${payout.id}: ${what}`, lines: moved });
  return made.ok ? ok([made.value]) : err({ kind: "entry_refused", message: made.error.message, problem: made.error });
}

/** Category, and the settlement currency when a transaction is not in the payout's (an exception already). */
function byCategory(
  transactions: readonly MatchedTransaction[],
  payoutCurrency: Currency,
): Map<string, MatchedTransaction[]> {
  const groups = new Map<string, MatchedTransaction[]>();
  for (const matched of transactions) {
    const { category, gross } = matched.transaction;
    if (category === PAYOUT_CATEGORY) continue;
    const key = gross.currency === payoutCurrency ? category : `${category}:${gross.currency}`;
    const group = groups.get(key);
    if (group) group.push(matched);
    else groups.set(key, [matched]);
  }
  return groups;
}
