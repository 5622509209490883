import type { BalancedEntry } from "../domain/ledger/journal-entry.js";
import type { CategoryTotal } from "../domain/ledger/reconcile-payout.js";
import type { SettledTransaction } from "../domain/ledger/settled-transaction.js";
import type { Period } from "../domain/ledger/trial-balance.js";
import type { Money } from "../domain/money.js";

// The read side of the ledger (issue 17): what the payouts flow stored, as the domain's shapes. The port the
// exports, the HTTP routes and GraphQL read through; sql-ledger-reads.ts is its one adapter.

/** Ours: reconciling | matched | exceptions | posted | reversed (the Payout table's comment). */
export const payoutStatuses = ["reconciling", "matched", "exceptions", "posted", "reversed"] as const;
export type PayoutReadStatus = (typeof payoutStatuses)[number];

export interface PayoutView {
  id: string;
  amount: Money;
  arrivalDate: string;
  stripeStatus: string;
  status: string;
  transactionCount: number;
  /** Stripe's itemized report rows, once every page is in. */
  categories: CategoryTotal[] | null;
  residual: Money | null;
  openExceptions: number;
  createdAt: Date;
  reconciledAt: Date | null;
}

/** Where a line is in its payout: Stripe's page (of 100) and its place on it. */
export interface LinePosition {
  page: number;
  position: number;
}

export interface PayoutLineView {
  transaction: SettledTransaction;
  payoutId: string;
  orderGuid: string | null;
  position: LinePosition;
}

export interface ExceptionView {
  id: string;
  payoutId: string | null;
  kind: string;
  reason: string;
  suggestedAction: string;
  resolutions: string[];
  balanceTransaction: string | null;
  orderGuid: string | null;
  amount: Money | null;
  status: string;
  resolution: string | null;
  resolutionNote: string | null;
  resolutionEntryKey: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

/** Newest first, keyset: rows strictly after (at, id) in that order. */
export interface Page {
  limit: number;
  after?: { at: Date; id: string };
}

export interface PayoutFilter {
  statuses?: readonly string[];
  /** Arrival date, both ends inclusive. */
  period?: Period;
}

export interface ExceptionFilter {
  status?: "open" | "resolved";
  payoutId?: string;
  kinds?: readonly string[];
}

export interface EntryFilter {
  period?: Period;
  payoutId?: string;
  /** Entries with at least one line on this account. */
  account?: string;
}

export interface LedgerReads {
  payouts(filter: PayoutFilter, page: Page): Promise<PayoutView[]>;
  payout(id: string): Promise<PayoutView | null>;
  /** Payouts whose arrival date is in the period, oldest first, in batches (flat memory). */
  payoutsIn(period: Period): AsyncIterable<PayoutView>;
  /** A payout's lines in Stripe's order (page, position), in batches. */
  payoutLines(payoutId: string): AsyncIterable<PayoutLineView>;
  /** Up to `limit` lines after a position, for GraphQL's pages. */
  payoutLinePage(payoutId: string, limit: number, after?: LinePosition): Promise<PayoutLineView[]>;
  /** The payout lines matched to an order (its charge, refunds, disputes), oldest first; an order has few. */
  linesOfOrder(orderGuid: string): Promise<PayoutLineView[]>;
  exceptions(filter: ExceptionFilter, page: Page): Promise<ExceptionView[]>;
  /** Entries by date then key, each checked by journalEntry on the way out, in batches. */
  entries(filter: EntryFilter): AsyncIterable<BalancedEntry>;
  /** One page of entries, newest first by creation, for GraphQL. */
  entryPage(
    filter: EntryFilter,
    page: Page,
  ): Promise<{ entry: BalancedEntry; payoutId: string | null; createdAt: Date }[]>;
}
