import type { PayoutId } from "../ids.js";
import { type Money, money } from "../money.js";
import { accountFor, type ChartOfAccounts, type LedgerRole } from "./chart-of-accounts.js";
import { type JournalLine, type LineLinks, signedLine } from "./journal-entry.js";
import { categoryRule, type MatchedTransaction } from "./settled-transaction.js";

/**
 * The lines of one balance transaction, balanced per currency by construction. Stripe clearing moves by the
 * net; the fee goes to its expense; the gross goes to the category's account (docs.stripe.com/reports/
 * reporting-categories), so the lines per category sum to Stripe's itemized payout reconciliation report:
 * clearing(+net) + fee(+fee) + counterpart(−gross) = 0 because net = gross − fee.
 *
 * A converted charge books the order's side in the currency the customer paid; the FX account bridges the two
 * currencies (a trading account: +presentment in that currency, −gross in the settlement currency).
 */
export function classifyTransaction(
  matched: MatchedTransaction,
  chart: ChartOfAccounts,
  payout: PayoutId,
): JournalLine[] {
  const { transaction: txn, order } = matched;
  const settlement = txn.gross.currency;
  const links: LineLinks = {
    ...txn.sources,
    ...(order ? { orderGuid: order.orderGuid } : {}),
    balanceTransaction: txn.id,
    payout,
  };
  const memo = `${txn.category} ${txn.id}${order ? ` order ${order.orderGuid}` : ""}`;
  const line = (role: LedgerRole, amount: Money, extra: Partial<JournalLine> = {}) =>
    signedLine(amount, { account: accountFor(chart, role, settlement), memo, links, ...extra });

  const lines = [line("stripe_clearing", txn.net), line(feeRole(matched), txn.fee), ...grossLines(matched, line)];
  return lines.filter((l): l is JournalLine => l !== null);
}

/** Where the gross posts: the category's account; an order's money with no order found waits in suspense. */
export function counterpartRole(matched: MatchedTransaction): LedgerRole {
  const rule = categoryRule(matched.transaction.category);
  if (!rule) return "suspense";
  if (rule.needsOrder && matched.order === null && rule.counterpart === "receivables") return "suspense";
  return rule.counterpart;
}

function feeRole(matched: MatchedTransaction): LedgerRole {
  return categoryRule(matched.transaction.category)?.fee ?? "fees";
}

type LineMaker = (role: LedgerRole, amount: Money, extra?: Partial<JournalLine>) => JournalLine | null;

function grossLines(matched: MatchedTransaction, line: LineMaker): (JournalLine | null)[] {
  const { gross, fx } = matched.transaction;
  const role = counterpartRole(matched);
  const negate = (m: Money) => money(-m.amount, m.currency);
  if (!fx || fx.presentment.currency === gross.currency) return [line(role, negate(gross), fx ? { fx } : {})];
  const settlementEquivalent = money(Math.abs(gross.amount), gross.currency);
  return [
    line(role, negate(fx.presentment), { fx, settlementEquivalent }),
    line("fx_gains_losses", fx.presentment, { fx, settlementEquivalent }),
    line("fx_gains_losses", negate(gross), { fx }),
  ];
}
