import { type Currency, formatMoney, money } from "../money.js";
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
import { type MatchedTransaction, PAYOUT_CATEGORY } from "./settled-transaction.js";

export type PostingProblem =
  | { kind: "payout_not_paid"; message: string }
  | { kind: "entry_refused"; message: string; problem: EntryProblem };

/**
 * The payout's journal: one entry per named category clearing Stripe's balance into its accounts, and the bank
 * transfer, which also moves an unexplained residual to suspense so Stripe clearing is zero after every payout.
 * Keys are stable per payout and category, so posting the same payout twice posts nothing new.
 * Only a paid payout is posted; a payout that fails after it was paid is undone with `reversingEntry`.
 */
export function payoutEntries(
  reconciliation: PayoutReconciliation,
  chart: ChartOfAccounts,
): Result<BalancedEntry[], PostingProblem> {
  const { payout } = reconciliation;
  if (payout.status !== "paid")
    return err({
      kind: "payout_not_paid",
      message: `payout ${payout.id} is ${payout.status}; only a paid payout is posted`,
    });
  const entries: BalancedEntry[] = [];
  for (const [key, group] of byCategory(reconciliation.transactions, payout.amount.currency)) {
    const lines = group.flatMap((m) => classifyTransaction(m, chart, payout.id));
    if (lines.length === 0) continue;
    const made = journalEntry({
      key: entryKey("payout", payout.id, key),
      date: payout.arrivalDate,
      memo: `Payout ${payout.id}: ${group.length} ${key} transaction(s)`,
      lines,
    });
    if (!made.ok) return refused(made.error);
    entries.push(made.value);
  }
  const transfer = journalEntry({
    key: entryKey("payout", payout.id, "transfer"),
    date: payout.arrivalDate,
    memo: `Payout ${payout.id} of ${formatMoney(payout.amount)} to the bank`,
    lines: transferLines(reconciliation, chart),
  });
  if (!transfer.ok) return refused(transfer.error);
  entries.push(transfer.value);
  return ok(entries);
}

function transferLines(reconciliation: PayoutReconciliation, chart: ChartOfAccounts): JournalLine[] {
  const { payout, residual } = reconciliation;
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
