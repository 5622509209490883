import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { resourceMissing } from "./errors.js";
import { newId } from "./ids.js";
import { compareNewestFirst, matchesRange, paginate, paginateSorted } from "./list-pagination.js";
import { optString } from "./params.js";
import { pathId, type Router } from "./router.js";

const DAY = 24 * 60 * 60;

/** Card funds become available two days after midnight UTC of the charge (Stripe's US test schedule). */
export function cardAvailableOn(created: number): number {
  return created - (created % DAY) + 2 * DAY;
}

export interface NewBalanceTransaction {
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  source: string | null;
  description: string | null;
  fee?: { amount: number; description: string };
  availableOn?: number;
}

export function createBalanceTransaction(
  ctx: EmulatorContext,
  input: NewBalanceTransaction,
): Stripe.BalanceTransaction {
  const created = ctx.now();
  const fee = input.fee?.amount ?? 0;
  const availableOn = input.availableOn ?? created;
  const txn: Stripe.BalanceTransaction = {
    id: newId("txn"),
    object: "balance_transaction",
    amount: input.amount,
    available_on: availableOn,
    balance_type: "payments",
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee,
    fee_details: input.fee
      ? [
          {
            amount: fee,
            application: null,
            currency: input.currency,
            description: input.fee.description,
            type: "stripe_fee",
          },
        ]
      : [],
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: availableOn <= created ? "available" : "pending",
    type: input.type,
  };
  if (txn.status === "pending") ctx.store.pendingFunds.add(txn.id);
  return ctx.store.insert(txn);
}

/**
 * Moves pending transactions whose `available_on` has passed to `available`. Runs before every API request, so it
 * visits only the pending ones (a payout makes its funds available), never every transaction of the account.
 */
export function refreshAvailability(ctx: EmulatorContext): void {
  const now = ctx.now();
  for (const id of ctx.store.pendingFunds) {
    const txn = ctx.store.find<Stripe.BalanceTransaction>(id, "balance_transaction");
    if (txn?.status === "pending" && txn.available_on > now) continue;
    if (txn?.status === "pending") txn.status = "available";
    ctx.store.pendingFunds.delete(id);
  }
}

function sumBy(txns: Stripe.BalanceTransaction[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const txn of txns) sums.set(txn.currency, (sums.get(txn.currency) ?? 0) + txn.net);
  return sums;
}

/** The account balance from its balance transactions (payouts already debit `available`). */
export function computeBalance(ctx: EmulatorContext): Stripe.Balance {
  refreshAvailability(ctx);
  const txns = ctx.store.all<Stripe.BalanceTransaction>("balance_transaction");
  const available = sumBy(txns.filter((t) => t.status === "available"));
  const pending = sumBy(txns.filter((t) => t.status === "pending"));
  const currencies = new Set(["usd", ...available.keys(), ...pending.keys()]);
  const entry = (sums: Map<string, number>, currency: string) => ({
    amount: sums.get(currency) ?? 0,
    currency,
    source_types: { card: sums.get(currency) ?? 0 },
  });
  return {
    object: "balance",
    available: [...currencies].map((c) => entry(available, c)),
    livemode: false,
    pending: [...currencies].map((c) => entry(pending, c)),
    refund_and_dispute_prefunding: {
      available: [...currencies].map((c) => ({ amount: 0, currency: c })),
      pending: [...currencies].map((c) => ({ amount: 0, currency: c })),
    },
  };
}

/** A payout's transactions, newest first, from the payout index (sorted once, not per request). */
function payoutTransactions(ctx: EmulatorContext, payout: string): readonly string[] {
  if (!ctx.store.find(payout, "payout")) throw resourceMissing("payout", payout, "payout");
  const order = compareNewestFirst(ctx.store);
  const listed = (id: string) => ctx.store.get(id) as Stripe.BalanceTransaction;
  return ctx.store.payouts.transactionIds(payout, (a, b) => order(listed(a), listed(b)));
}

function listTransactions(ctx: EmulatorContext, params: Parameters<typeof paginate>[2]) {
  const payout = optString(params, "payout");
  const type = optString(params, "type");
  const source = optString(params, "source");
  const currency = optString(params, "currency")?.toLowerCase();
  const url = "/v1/balance_transactions";
  const filtered = type !== undefined || source !== undefined || currency !== undefined || params.created !== undefined;
  if (payout !== undefined && !filtered) {
    // The reconciliation path: a payout's pages, each found by binary search in the payout's sorted list.
    const ids = payoutTransactions(ctx, payout);
    const at = (i: number) => ctx.store.get(ids[i] ?? "") as Stripe.BalanceTransaction;
    return paginateSorted(ctx.store, ids.length, at, params, url);
  }
  const candidates =
    payout === undefined
      ? ctx.store.all<Stripe.BalanceTransaction>("balance_transaction")
      : payoutTransactions(ctx, payout).map((id) => ctx.store.get(id) as Stripe.BalanceTransaction);
  const txns = candidates.filter(
    (t) =>
      (type === undefined || t.type === type) &&
      (source === undefined || t.source === source) &&
      (currency === undefined || t.currency === currency) &&
      matchesRange(t.created, params, "created"),
  );
  return paginate(ctx.store, txns, params, url);
}

export function registerBalanceRoutes(router: Router): void {
  router.get("/v1/balance", (ctx) => computeBalance(ctx));
  router.get("/v1/balance_transactions", (ctx, req) => listTransactions(ctx, req.params));
  router.get("/v1/balance/history", (ctx, req) => ({
    ...listTransactions(ctx, req.params),
    url: "/v1/balance/history",
  }));
  router.get("/v1/balance_transactions/:id", (ctx, req) => {
    return ctx.store.findOrMissing<Stripe.BalanceTransaction>(pathId(req), "balance_transaction");
  });
}
