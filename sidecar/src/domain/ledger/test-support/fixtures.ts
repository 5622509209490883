import {
  chargeIdSchema,
  disputeIdSchema,
  orderGuid,
  paymentIntentIdSchema,
  payoutIdSchema,
  refundIdSchema,
} from "../../ids.js";
import { type Money, money } from "../../money.js";
import type { ForeignExchange } from "../journal-entry.js";
import type {
  MatchedTransaction,
  OrderFacts,
  PayoutFacts,
  SettledTransaction,
  TransactionSources,
} from "../settled-transaction.js";

export const ids = {
  order: (n: number) => orderGuid(`00000000-0000-4000-8000-${String(n).padStart(12, "0")}`),
  paymentIntent: (n: number) => paymentIntentIdSchema.parse(`pi_${n}`),
  charge: (n: number) => chargeIdSchema.parse(`ch_${n}`),
  refund: (n: string | number) => refundIdSchema.parse(`re_${n}`),
  dispute: (n: number) => disputeIdSchema.parse(`dp_${n}`),
  payout: (n: string | number) => payoutIdSchema.parse(`po_${n}`),
};

let sequence = 0;

export interface TransactionInput {
  category: string;
  gross: number;
  fee?: number;
  currency?: string;
  fx?: ForeignExchange;
  sources?: TransactionSources;
  id?: string;
  type?: string;
}

/** A balance transaction as the connector would hand it over: net = gross − fee, as Stripe guarantees. */
export function settled(input: TransactionInput): SettledTransaction {
  const currency = input.currency ?? "usd";
  const fee = input.fee ?? 0;
  return {
    id: input.id ?? `txn_${++sequence}`,
    category: input.category,
    type: input.type ?? input.category,
    gross: money(input.gross, currency),
    fee: money(fee, currency),
    net: money(input.gross - fee, currency),
    fx: input.fx ?? null,
    created: "2026-11-30T10:00:00Z",
    description: null,
    sources: input.sources ?? {},
  };
}

export function orderFacts(n: number, recorded: Money | null, overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderGuid: ids.order(n),
    currency: recorded?.currency ?? money(0, "usd").currency,
    paidInNop: true,
    recorded,
    ...overrides,
  };
}

export const matched = (transaction: SettledTransaction, order: OrderFacts | null): MatchedTransaction => ({
  transaction,
  order,
});

export function paidPayout(amount: number, currency = "usd", id = ids.payout("test")): PayoutFacts {
  return { id, amount: money(amount, currency), arrivalDate: "2026-12-02", status: "paid" };
}

/** Σ net of the non-payout transactions: what a payout of them pays out. */
export const netOf = (transactions: readonly MatchedTransaction[]): number =>
  transactions.filter((m) => m.transaction.category !== "payout").reduce((sum, m) => sum + m.transaction.net.amount, 0);

/**
 * The acceptance mix in one payout: three charges (one paid in EUR, settled in USD), a partial and a full
 * refund, a dispute lost and one won (fee kept), a Stripe fee and an adjustment; every order matched and
 * recorded as nopCommerce would.
 */
export function mixedPayout(id = ids.payout("test")): { payout: PayoutFacts; transactions: MatchedTransaction[] } {
  const usd = (amount: number) => money(amount, "usd");
  const charge = (n: number, gross: number, fee: number) =>
    matched(
      settled({
        category: "charge",
        gross,
        fee,
        sources: { charge: ids.charge(n), paymentIntent: ids.paymentIntent(n) },
      }),
      orderFacts(n, usd(gross)),
    );
  const refund = (n: number, ref: string, amount: number, recordedAs: number | null = amount) =>
    matched(
      settled({ category: "refund", gross: -amount, sources: { charge: ids.charge(n), refund: ids.refund(ref) } }),
      orderFacts(n, recordedAs === null ? null : usd(recordedAs), { currency: usd(0).currency }),
    );
  const dispute = (n: number, category: "dispute" | "dispute_reversal", gross: number, fee: number) =>
    matched(
      settled({
        category,
        type: "adjustment",
        gross,
        fee,
        sources: { charge: ids.charge(n), dispute: ids.dispute(n) },
      }),
      orderFacts(n, null, { currency: usd(0).currency }),
    );
  const fx = { presentment: money(10000, "eur"), exchangeRate: 1.0843 };
  const transactions = [
    charge(1, 5000, 175),
    charge(2, 3000, 117),
    charge(3, 2000, 88),
    charge(4, 4000, 146),
    matched(
      settled({ category: "charge", gross: 10843, fee: 345, fx, sources: { charge: ids.charge(5) } }),
      orderFacts(5, money(10000, "eur")),
    ),
    refund(1, "1a", 1500),
    refund(2, "2a", 3000),
    dispute(3, "dispute", -2000, 1500),
    dispute(4, "dispute", -4000, 1500),
    dispute(4, "dispute_reversal", 4000, 0),
    matched(settled({ category: "fee", type: "stripe_fee", gross: -200 }), null),
    matched(settled({ category: "other_adjustment", type: "adjustment", gross: 35 }), null),
  ];
  const payout = paidPayout(netOf(transactions), "usd", id);
  const own = matched(settled({ category: "payout", type: "payout", gross: -payout.amount.amount }), null);
  return { payout, transactions: [...transactions, own] };
}
