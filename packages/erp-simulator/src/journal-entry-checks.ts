import { ApiError } from "@nop-stripe/simulator-support/api-error.js";
import type { JournalEntryRequest } from "./journal-entry-schema.js";

export interface CurrencyImbalance {
  currency: string;
  debits: number;
  credits: number;
  /** debits − credits. */
  difference: number;
}

export function checkAccountsExist(entry: JournalEntryRequest, known: ReadonlySet<string>): void {
  entry.lines.forEach((line, i) => {
    if (!known.has(line.account))
      throw new ApiError(
        422,
        "unknown_account",
        `account ${line.account} is not in the chart of accounts`,
        `lines[${i}].account`,
      );
  });
}

/** Double entry: per currency, debits equal credits. A mixed-currency entry balances each currency on its own. */
export function checkBalanced(entry: JournalEntryRequest): void {
  const sums = new Map<string, { debits: number; credits: number }>();
  for (const line of entry.lines) {
    const sum = sums.get(line.currency) ?? { debits: 0, credits: 0 };
    sum.debits += line.debit ?? 0;
    sum.credits += line.credit ?? 0;
    sums.set(line.currency, sum);
  }
  const imbalances: CurrencyImbalance[] = [...sums]
    .map(([currency, s]) => ({ currency, ...s, difference: s.debits - s.credits }))
    .filter((s) => s.difference !== 0);
  if (imbalances.length === 0) return;
  const text = imbalances.map(
    (s) => `${s.currency} debits ${s.debits} ≠ credits ${s.credits} (difference ${s.difference})`,
  );
  throw new ApiError(422, "unbalanced_entry", `entry does not balance: ${text.join("; ")}`, "lines", { imbalances });
}
