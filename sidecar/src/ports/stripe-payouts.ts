import type { OrderGuid, PayoutId } from "../domain/ids.js";
import type { PayoutFacts, SettledTransaction } from "../domain/ledger/settled-transaction.js";

/** A payout as the flow reads it, from a webhook or the API: Stripe's facts plus when it was created. */
export interface PayoutSnapshot extends PayoutFacts {
  /** Unix seconds. */
  readonly created: number;
}

/** One balance transaction of a payout and the order GUID its source's metadata names, if any. */
export interface PayoutTransaction {
  readonly transaction: SettledTransaction;
  readonly metadataOrderGuid: OrderGuid | null;
}

/** One page of a payout's balance transactions, in Stripe's order. */
export interface PayoutTransactionPage {
  readonly transactions: readonly PayoutTransaction[];
  readonly hasMore: boolean;
}

/** Paid payouts created in a range (unix seconds, inclusive), for the backfill. */
export interface PayoutRange {
  readonly createdFrom?: number;
  readonly createdTo?: number;
}

/** What the payouts flow asks of Stripe. */
export interface PayoutsPort {
  /**
   * The page after `startingAfter` (null: the first) of `/v1/balance_transactions?payout=`, `source` expanded.
   * The same payout paged the same way gives the same pages (a payout's transactions are fixed).
   */
  transactionsPage(payout: PayoutId, startingAfter: string | null, limit: number): Promise<PayoutTransactionPage>;
  retrieve(payout: PayoutId): Promise<PayoutSnapshot>;
  /** One page of paid payouts, newest first. */
  paidPayouts(
    range: PayoutRange,
    startingAfter: PayoutId | null,
  ): Promise<{ payouts: PayoutSnapshot[]; hasMore: boolean }>;
  /** The payout a `payout.*` webhook carries; throws PermanentError for an object Stripe could not have sent. */
  fromEvent(event: { eventId: string; payload: unknown }): PayoutSnapshot;
}
