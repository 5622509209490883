import type { PayoutId } from "../../domain/ids.js";
import type { BalancedEntry } from "../../domain/ledger/journal-entry.js";
import type { CategoryTotal, ReconcilerSnapshot } from "../../domain/ledger/reconcile-payout.js";
import type { ReconciliationException } from "../../domain/ledger/reconciliation-exception.js";
import type { MatchedTransaction, PayoutFacts } from "../../domain/ledger/settled-transaction.js";
import type { Money } from "../../domain/money.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { PayoutSnapshot } from "../../ports/stripe-payouts.js";
import type { PayoutProgress } from "./payout-actions.js";
import type { ExceptionRecord } from "./plan-resolution.js";

/** A stored entry of the payout, as the plan sees it. */
export interface PayoutEntryMark {
  key: string;
  reverses: string | null;
  /** In the ERP's general ledger. */
  posted: boolean;
}

/** Everything the plan reads about one payout, loaded in one go. */
export interface PayoutState {
  /** Stripe's facts as last observed (status merged forward). */
  payout: PayoutFacts;
  progress: PayoutProgress;
  pagesDone: number;
  /** The last balance transaction of the last page reconciled. */
  cursor: string | null;
  /** The reconciler between pages; null before the first. */
  reconciler: ReconcilerSnapshot | null;
  /** Every page is in and the transfer entry made. */
  reconciled: boolean;
  residual: Money | null;
  openExceptions: number;
  entries: PayoutEntryMark[];
}

/** One page reconciled: its lines, exceptions and entries, written with the page's mark in one statement. */
export interface ReconciledPage {
  payoutId: PayoutId;
  page: number;
  /** Where the next page starts. */
  cursor: string | null;
  transactions: readonly MatchedTransaction[];
  reconciler: ReconcilerSnapshot;
  exceptions: readonly ReconciliationException[];
  entries: readonly BalancedEntry[];
  /** Set on the last page: the rows of Stripe's itemized report and the residual. */
  finished: { categories: readonly CategoryTotal[]; residual: Money } | null;
  log: LogEntry;
}

/** The payouts flow's tables (Payout, PayoutLine, ReconciliationException, LedgerEntry, LedgerLine). */
export interface PayoutsStore {
  load(id: PayoutId): Promise<PayoutState | undefined>;
  /** Records the payout, its Stripe status merged forward (paid may become failed; failed never becomes paid). */
  observe(payout: PayoutSnapshot, log: LogEntry): Promise<void>;
  /** Idempotent by page: a page already stored changes nothing. */
  savePage(page: ReconciledPage): Promise<void>;
  /** Entries (an arrival, a reversal) with the action's mark; an entry already stored is not stored again. */
  addEntries(payoutId: PayoutId, entries: readonly BalancedEntry[], log: LogEntry): Promise<void>;
  entry(key: string): Promise<BalancedEntry | undefined>;
  /** The ERP's receipt, written once. */
  markPosted(key: string, erpEntryId: string, log: LogEntry): Promise<void>;
  setProgress(id: PayoutId, progress: PayoutProgress): Promise<void>;
  /** Payouts already known (for the backfill: which to skip). */
  known(ids: readonly PayoutId[]): Promise<Set<PayoutId>>;
  exception(id: string): Promise<ExceptionRecord | undefined>;
  /** Closes an open exception with its entry; false when it was no longer open (nothing written). */
  resolve(exception: ExceptionRecord, resolution: StoredResolution): Promise<boolean>;
}

/** The deterministic id of an exception: a redelivered payout finds the same one. */
export function exceptionId(payoutId: PayoutId, exception: ReconciliationException): string {
  return `payout:${exception.kind}:${exception.balanceTransaction ?? payoutId}`;
}

/** A resolution as stored on its exception, with the entry it posts (if any) in the same statement. */
export interface StoredResolution {
  resolution: "link_order" | "write_off" | "resync";
  note: string | null;
  resolvedBy: string;
  entry: BalancedEntry | null;
  /** link_order: the order the transaction now belongs to. */
  orderGuid: string | null;
}
