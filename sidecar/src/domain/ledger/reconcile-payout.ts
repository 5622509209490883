import { add, type Currency, formatMoney, type Money, money, subtract } from "../money.js";
import { type ReconciliationException, reconciliationException } from "./reconciliation-exception.js";
import {
  CATEGORY_RULES,
  categoryRule,
  type MatchedTransaction,
  PAYOUT_CATEGORY,
  type PayoutFacts,
  type SettledTransaction,
} from "./settled-transaction.js";

/** One row of Stripe's itemized payout reconciliation report, summed: the named categories of a payout. */
export interface CategoryTotal {
  readonly category: string;
  readonly count: number;
  readonly gross: Money;
  readonly fee: Money;
  readonly net: Money;
}

export interface PayoutReconciliation {
  readonly payout: PayoutFacts;
  readonly transactions: readonly MatchedTransaction[];
  readonly categories: readonly CategoryTotal[];
  readonly exceptions: readonly ReconciliationException[];
  /** payout amount − Σ net of every named category; zero, or there is a `residual` exception. */
  readonly residual: Money;
}

/**
 * Reconciles one payout against its balance transactions and what each was matched to. Pure: the flow fetches
 * the transactions and the nopCommerce facts; this decides. Every problem is an exception, never a silent skip.
 */
export function reconcilePayout(
  payout: PayoutFacts,
  transactions: readonly MatchedTransaction[],
): PayoutReconciliation {
  const settled = transactions.filter((m) => m.transaction.category !== PAYOUT_CATEGORY);
  const capturedByCharge = capturedPerCharge(settled);
  const exceptions = settled.flatMap((m) => transactionExceptions(m, payout.amount.currency, capturedByCharge));
  const categories = categoryTotals(settled.map((m) => m.transaction));
  const explained = categories
    .filter((c) => c.net.currency === payout.amount.currency)
    .reduce((sum, c) => add(sum, c.net), money(0, payout.amount.currency));
  const residual = subtract(payout.amount, explained);
  if (residual.amount !== 0)
    exceptions.push(
      reconciliationException(
        "residual",
        `payout ${payout.id} of ${formatMoney(payout.amount)} is ${formatMoney(residual)} more than its transactions' net ${formatMoney(explained)}`,
        { balanceTransaction: null, orderGuid: null, amount: residual },
      ),
    );
  return Object.freeze({ payout, transactions, categories, exceptions, residual });
}

/** What the customer paid, in the currency they paid in. */
export function customerAmount(txn: SettledTransaction): Money {
  return txn.fx?.presentment ?? txn.gross;
}

function transactionExceptions(
  matched: MatchedTransaction,
  payoutCurrency: Currency,
  capturedByCharge: ReadonlyMap<string, Money>,
): ReconciliationException[] {
  const { transaction: txn, order } = matched;
  const about = { balanceTransaction: txn.id, orderGuid: order?.orderGuid ?? null, amount: txn.gross };
  const found: ReconciliationException[] = [];
  const say = (kind: ReconciliationException["kind"], reason: string) =>
    found.push(reconciliationException(kind, reason, about));
  const rule = categoryRule(txn.category);
  if (txn.gross.currency !== payoutCurrency)
    say("currency_mismatch", `${txn.id} settled in ${txn.gross.currency} inside a ${payoutCurrency} payout`);
  if (!rule)
    say("unclassified_category", `${txn.id} has reporting category "${txn.category}", which no account is mapped to`);
  if (!rule?.needsOrder) return found;
  if (!order) {
    say("no_order", `no order found for ${txn.category} ${txn.id} of ${formatMoney(txn.gross)}`);
    return found;
  }
  const paid = customerAmount(txn);
  if (order.currency !== paid.currency) {
    say(
      "currency_mismatch",
      `${txn.id} was paid in ${paid.currency} but order ${order.orderGuid} is in ${order.currency}`,
    );
    return found;
  }
  if (txn.category === "charge") {
    if (!order.paidInNop)
      say("order_not_paid_in_nop", `order ${order.orderGuid} is paid in Stripe (${txn.id}) but not in nopCommerce`);
    const captured = capturedByCharge.get(txn.sources.charge ?? txn.id) ?? paid;
    compare(order.recorded, captured, `order ${order.orderGuid} total`, say);
  }
  if (txn.category === "refund") {
    const refunded = money(-paid.amount, paid.currency);
    if (order.recorded === null)
      say(
        "refund_not_recorded",
        `refund ${txn.sources.refund ?? txn.id} of ${formatMoney(refunded)} is not recorded on order ${order.orderGuid}`,
      );
    else compare(order.recorded, refunded, `refund recorded on order ${order.orderGuid}`, say);
  }
  return found;
}

function compare(
  recorded: Money | null,
  actual: Money,
  what: string,
  say: (kind: "amount_differs", reason: string) => void,
): void {
  if (recorded === null || (recorded.currency === actual.currency && recorded.amount === actual.amount)) return;
  say("amount_differs", `${what} is ${formatMoney(recorded)} but Stripe has ${formatMoney(actual)}`);
}

/**
 * A partially captured charge settles as the full authorization plus a `partial_capture_reversal`; what the
 * order should show is their sum, per charge.
 */
function capturedPerCharge(transactions: readonly MatchedTransaction[]): Map<string, Money> {
  const sums = new Map<string, Money>();
  for (const { transaction: txn } of transactions) {
    if (txn.category !== "charge" && txn.category !== "partial_capture_reversal") continue;
    const key = txn.sources.charge ?? txn.id;
    const amount = customerAmount(txn);
    const before = sums.get(key);
    sums.set(key, before && before.currency === amount.currency ? add(before, amount) : amount);
  }
  return sums;
}

const categoryOrder = Object.keys(CATEGORY_RULES);
const rank = (category: string) => {
  const i = categoryOrder.indexOf(category);
  return i === -1 ? categoryOrder.length : i;
};

export function categoryTotals(transactions: readonly SettledTransaction[]): CategoryTotal[] {
  const totals = new Map<string, CategoryTotal>();
  for (const txn of transactions) {
    const key = `${txn.category}:${txn.gross.currency}`;
    const before = totals.get(key);
    totals.set(
      key,
      before
        ? {
            ...before,
            count: before.count + 1,
            gross: add(before.gross, txn.gross),
            fee: add(before.fee, txn.fee),
            net: add(before.net, txn.net),
          }
        : { category: txn.category, count: 1, gross: txn.gross, fee: txn.fee, net: txn.net },
    );
  }
  return [...totals.values()].sort(
    (a, b) =>
      rank(a.category) - rank(b.category) ||
      a.category.localeCompare(b.category) ||
      a.net.currency.localeCompare(b.net.currency),
  );
}
