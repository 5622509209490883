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
