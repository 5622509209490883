import type { OrderGuid } from "../ids.js";
import { type Currency, type Money, money } from "../money.js";
import { type BalancedEntry, lineAmount, signedAmount } from "./journal-entry.js";

/** Both ends inclusive, ISO `YYYY-MM-DD`; entries are dated by their accounting date. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface TrialBalanceRow {
  readonly account: string;
  readonly currency: Currency;
  readonly debits: Money;
  readonly credits: Money;
  /** debits − credits: positive is a debit balance. */
  readonly balance: Money;
}

export const inPeriod = (entry: BalancedEntry, period?: Period): boolean =>
  !period || (entry.date >= period.from && entry.date <= period.to);

/** Per account and currency (currencies are never added together); Σ debits = Σ credits per currency. */
export function trialBalance(entries: Iterable<BalancedEntry>, period?: Period): TrialBalanceRow[] {
  const sums = new Map<string, { account: string; currency: Currency; debits: number; credits: number }>();
  for (const entry of entries) {
    if (!inPeriod(entry, period)) continue;
    for (const line of entry.lines) {
      const { currency, amount } = lineAmount(line);
      const key = `${line.account}\u0000${currency}`;
      const sum = sums.get(key) ?? { account: line.account, currency, debits: 0, credits: 0 };
      if (line.debit) sum.debits += amount;
      else sum.credits += amount;
      sums.set(key, sum);
    }
  }
  return [...sums.values()]
    .sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency))
    .map((s) => ({
      account: s.account,
      currency: s.currency,
      debits: money(s.debits, s.currency),
      credits: money(s.credits, s.currency),
      balance: money(s.debits - s.credits, s.currency),
    }));
}

export interface OrderBalance {
  readonly orderGuid: OrderGuid;
  readonly balance: Money;
}

/** The sub-ledger of one account (receivables) per order: what each order still owes, or was overpaid. */
export function balancesByOrder(entries: Iterable<BalancedEntry>, account: string): OrderBalance[] {
  const sums = new Map<string, OrderBalance>();
  for (const entry of entries)
    for (const line of entry.lines) {
      const order = line.links.orderGuid;
      if (line.account !== account || !order) continue;
      const { currency } = lineAmount(line);
      const key = `${order}\u0000${currency}`;
      const before = sums.get(key)?.balance.amount ?? 0;
      sums.set(key, { orderGuid: order, balance: money(before + signedAmount(line), currency) });
    }
  return [...sums.values()];
}
