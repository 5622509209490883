import { type Currency, formatMoney, type Money, money } from "../money.js";
import { err, ok, type Result } from "../result.js";
import { accountFor, type ChartOfAccounts } from "./chart-of-accounts.js";
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
 * The payout's journal: per page of transactions, one entry per named category clearing Stripe's balance into
 * its accounts; then the bank transfer, which also moves an unexplained residual to suspense so Stripe
 * clearing is zero after every payout. Keys are stable per payout, page and category, so posting the same
 * payout twice posts nothing new (as long as the flow pages the same way: Stripe's list of a paid payout is fixed).
 * Only a paid payout is posted; a payout that fails after it was paid is undone with `reversingEntry`.
 */
export function payoutEntries(
  reconciliation: PayoutReconciliation,
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  const { payout, transactions, residual } = reconciliation;
  const page = pageEntries(payout, 0, transactions, chart);
  if (!page.ok) return page;
  const transfer = transferEntry(payout, residual, chart);
  return transfer.ok ? ok([...page.value, transfer.value]) : transfer;
}

/** The entries of one page of the payout's transactions: `ledger:payout:<po>:<page>:<category>`. */
export function pageEntries(
  payout: PayoutFacts,
  page: number,
  transactions: readonly MatchedTransaction[],
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  if (payout.status !== "paid") return notPaid(payout);
  const entries: BalancedEntry[] = [];
  for (const [category, group] of byCategory(transactions, payout.amount.currency)) {
    const lines = group.flatMap((m) => classifyTransaction(m, chart, payout.id));
    if (lines.length === 0) continue;
    const made = journalEntry({
      key: entryKey("payout", payout.id, page, category),
      date: payout.arrivalDate,
      memo: `Payout ${payout.id}: ${group.length} ${category} transaction(s)`,
      lines,
    });
    if (!made.ok) return refused(made.error);
    entries.push(made.value);
  }
  return ok(entries);
}

/** The bank side of the payout, once every page is in: `ledger:payout:<po>:transfer`. */
export function transferEntry(
  payout: PayoutFacts,
  residual: Money,
  chart: ChartOfAccounts,
): Result<BalancedEntry, PostingProblem> {
  if (payout.status !== "paid") return notPaid(payout);
  const made = journalEntry({
    key: entryKey("payout", payout.id, "transfer"),
    date: payout.arrivalDate,
    memo: `Payout ${payout.id} of ${formatMoney(payout.amount)} to the bank`,
    lines: transferLines(payout, residual, chart),
  });
  return made.ok ? made : refused(made.error);
}

function transferLines(payout: PayoutFacts, residual: Money, chart: ChartOfAccounts): JournalLine[] {
  const currency = payout.amount.currency;
  const links = { payout: payout.id };
  const line = (role: Parameters<typeof accountFor>[1], amount: number, memo: string) =>
    signedLine(money(amount, currency), { account: accountFor(chart, role, currency), memo, links });
  return [
    line("bank", payout.amount.amount, `payout ${payout.id}`),
    line("stripe_clearing", -payout.amount.amount, `payout ${payout.id}`),
    line("stripe_clearing", residual.amount, `residual of payout ${payout.id}`),
    line("suspense", -residual.amount, `residual of payout ${payout.id}`),
  ].filter((l): l is JournalLine => l !== null);
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

const refused = (problem: EntryProblem) => err({ kind: "entry_refused" as const, message: problem.message, problem });
const notPaid = (payout: PayoutFacts) =>
  err({
    kind: "payout_not_paid" as const,
    message: `payout ${payout.id} is ${payout.status}; only a paid payout is posted`,
  });
