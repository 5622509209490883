import type { OrderGuid } from "../../domain/ids.js";
import { accountFor, type ChartOfAccounts, type LedgerRole } from "../../domain/ledger/chart-of-accounts.js";
import {
  type BalancedEntry,
  entryKey,
  type JournalLine,
  journalEntry,
  signedLine,
} from "../../domain/ledger/journal-entry.js";
import type { ExceptionKind, Resolution } from "../../domain/ledger/reconciliation-exception.js";
import { categoryRule, type SettledTransaction } from "../../domain/ledger/settled-transaction.js";
import { type Money, money } from "../../domain/money.js";
import { err, ok, type Result } from "../../domain/result.js";

/** A stored exception and the balance transaction it is about, as a resolution reads them. */
export interface ExceptionRecord {
  id: string;
  payoutId: string | null;
  kind: ExceptionKind;
  status: "open" | "resolved";
  resolutions: Resolution[];
  orderGuid: OrderGuid | null;
  amount: Money | null;
  /** The balance transaction, as its payout line stored it (null for the residual). */
  line: SettledTransaction | null;
}

export type ResolutionRequest =
  | { resolution: "link_order"; orderGuid: OrderGuid }
  | { resolution: "write_off"; account: string }
  | { resolution: "resync" };

/** Kinds whose money waits in suspense: what a write-off or a link moves out of it. */
function parkedInSuspense(exception: ExceptionRecord): Money | null {
  const { kind, line, amount } = exception;
  if (kind === "residual") return amount;
  if (!line) return null;
  if (kind === "unclassified_category") return line.gross;
  const receivable = categoryRule(line.category)?.counterpart === "receivables";
  return kind === "no_order" && receivable ? line.gross : null;
}

/**
 * Pure: the entry a resolution posts, or null when nothing moves (a re-sync, a link to the order it already has).
 * link_order moves the transaction's gross out of suspense (or from the order it was matched to) to the given
 * order's receivable; write_off moves what waits in suspense, or an order's difference, to the given account.
 */
export function resolutionEntry(
  exception: ExceptionRecord,
  request: ResolutionRequest,
  chart: ChartOfAccounts,
  date: string,
): Result<BalancedEntry | null, string> {
  if (!exception.resolutions.includes(request.resolution))
    return err(
      `a ${exception.kind} exception is resolved by ${exception.resolutions.join(", ")}, not ${request.resolution}`,
    );
  const key = entryKey("resolution", exception.id);
  const memo = `${request.resolution} of ${exception.id}`;
  const line = (target: LedgerRole | { account: string }, amount: Money, orderGuid?: OrderGuid | null) =>
    signedLine(amount, {
      account: typeof target === "string" ? accountFor(chart, target, amount.currency) : target.account,
      memo,
      links: {
        ...(orderGuid ? { orderGuid } : {}),
        ...(exception.line ? { balanceTransaction: exception.line.id } : {}),
      },
    });
  const negate = (m: Money) => money(-m.amount, m.currency);
  const entry = (lines: (JournalLine | null)[]) => {
    const made = journalEntry({ key, date, memo, lines: lines.filter((l): l is JournalLine => l !== null) });
    return made.ok ? ok(made.value) : err(made.error.message);
  };
  switch (request.resolution) {
    case "resync":
      return ok(null);
    case "link_order": {
      if (!exception.line) return err("only a transaction can be linked to an order");
      const { gross } = exception.line;
      const parked = parkedInSuspense(exception);
      if (!parked && exception.orderGuid === request.orderGuid) return ok(null);
      const from = parked ? line("suspense", gross) : line("receivables", gross, exception.orderGuid);
      return entry([from, line("receivables", negate(gross), request.orderGuid)]);
    }
    case "write_off": {
      const parked = parkedInSuspense(exception);
      if (parked) return entry([line("suspense", parked), line({ account: request.account }, negate(parked))]);
      if (exception.kind === "amount_differs" && exception.amount)
        return entry([
          line({ account: request.account }, exception.amount),
          line("receivables", negate(exception.amount), exception.orderGuid),
        ]);
      return err(`nothing of this ${exception.kind} exception waits in suspense: re-sync it or link it`);
    }
  }
}
