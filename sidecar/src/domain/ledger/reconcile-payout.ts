import { add, type Currency, formatMoney, type Money, money, subtract } from "../money.js";
import { captureCheck, type OpenCapture } from "./capture-check.js";
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
  const reconciler = payoutReconciler(payout);
  const found = reconciler.add(transactions);
  const { categories, residual, exceptions } = reconciler.finish();
  return Object.freeze({ payout, transactions, categories, exceptions: [...found, ...exceptions], residual });
}

/**
 * The same reconciliation a page at a time, so a payout of any size is reconciled in flat memory: it keeps the
 * category totals and the captures still open (`captureCheck`), nothing per transaction.
 */
export interface PayoutReconciler {
  /** The exceptions of this page; a charge whose amount differs is reported by `finish`, once every reversal is in. */
  add(page: readonly MatchedTransaction[]): ReconciliationException[];
  finish(): Pick<PayoutReconciliation, "categories" | "residual" | "exceptions">;
  /** What it keeps between pages, as plain data (category totals and open captures): flat, never per transaction. */
  snapshot(): ReconcilerSnapshot;
}

/** A page-at-a-time reconciler's state, stored between pages so a crash resumes at the next page. */
export interface ReconcilerSnapshot {
  readonly totals: readonly CategoryTotal[];
  readonly openCaptures: readonly OpenCapture[];
}

/** `resumed`: the snapshot taken after the last page already added. */
export function payoutReconciler(payout: PayoutFacts, resumed?: ReconcilerSnapshot): PayoutReconciler {
  const currency = payout.amount.currency;
  const totals = new Map<string, CategoryTotal>(
    (resumed?.totals ?? []).map((t) => [`${t.category}:${t.gross.currency}`, t]),
  );
  const captures = captureCheck(resumed?.openCaptures);
  return {
    add(page) {
      const found: ReconciliationException[] = [];
      for (const matched of page) {
        const txn = matched.transaction;
        if (txn.category === PAYOUT_CATEGORY) continue;
        addToTotals(totals, txn);
        if (txn.category === "charge") captures.charge(matched, comparableTotal(matched), customerAmount(txn));
        if (txn.category === "partial_capture_reversal") captures.reversal(matched, customerAmount(txn));
        found.push(...transactionExceptions(matched, currency));
      }
      return found;
    },
    finish() {
      const exceptions = captures.exceptions();
      const categories = sortedTotals(totals);
      const explained = categories
        .filter((c) => c.net.currency === currency)
        .reduce((sum, c) => add(sum, c.net), money(0, currency));
      const residual = subtract(payout.amount, explained);
      if (residual.amount !== 0)
        exceptions.push(
          reconciliationException(
            "residual",
            `payout ${payout.id} of ${formatMoney(payout.amount)} is ${formatMoney(residual)} more than its transactions' net ${formatMoney(explained)}`,
            { balanceTransaction: null, orderGuid: null, amount: residual },
          ),
        );
      return { categories, residual, exceptions };
    },
    snapshot: () => ({ totals: [...totals.values()], openCaptures: captures.snapshot() }),
  };
}

/** nopCommerce's total for a charge's order, when there is one to compare in the same currency. */
function comparableTotal({ transaction, order }: MatchedTransaction): Money | null {
  return order && order.currency === customerAmount(transaction).currency ? order.recorded : null;
}

/** What the customer paid, in the currency they paid in. */
export function customerAmount(txn: SettledTransaction): Money {
  return txn.fx?.presentment ?? txn.gross;
}

function transactionExceptions(matched: MatchedTransaction, payoutCurrency: Currency): ReconciliationException[] {
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
  }
  if (txn.category === "refund") {
    const refunded = money(-paid.amount, paid.currency);
    if (order.recorded === null)
      say(
        "refund_not_recorded",
        `refund ${txn.sources.refund ?? txn.id} of ${formatMoney(refunded)} is not recorded on order ${order.orderGuid}`,
      );
    else
      found.push(...amountException(matched, order.recorded, refunded, `refund recorded on order ${order.orderGuid}`));
  }
  return found;
}

const sameAmount = (recorded: Money | null, actual: Money) =>
  recorded === null || (recorded.currency === actual.currency && recorded.amount === actual.amount);

function amountException(
  matched: MatchedTransaction,
  recorded: Money | null,
  actual: Money,
  what: string,
): ReconciliationException[] {
  if (sameAmount(recorded, actual)) return [];
  return [
    reconciliationException(
      "amount_differs",
      `${what} is ${formatMoney(recorded!)} but Stripe has ${formatMoney(actual)}`,
      {
        balanceTransaction: matched.transaction.id,
        orderGuid: matched.order?.orderGuid ?? null,
        amount: matched.transaction.gross,
      },
    ),
  ];
}

const categoryOrder = Object.keys(CATEGORY_RULES);
const rank = (category: string) => {
  const i = categoryOrder.indexOf(category);
  return i === -1 ? categoryOrder.length : i;
};

function addToTotals(totals: Map<string, CategoryTotal>, txn: SettledTransaction): void {
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

function sortedTotals(totals: Map<string, CategoryTotal>): CategoryTotal[] {
  return [...totals.values()].sort(
    (a, b) =>
      rank(a.category) - rank(b.category) ||
      a.category.localeCompare(b.category) ||
      a.net.currency.localeCompare(b.net.currency),
  );
}
