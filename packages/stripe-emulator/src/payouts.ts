import type Stripe from "stripe";
import { computeBalance, createBalanceTransaction, refreshAvailability } from "./balance-transactions.js";
import type { EmulatorContext } from "./context.js";
import { parseCurrency } from "./currencies.js";
import { invalidRequest } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import { metadataOnCreate, optString, rejectUnknown, reqInt, reqString } from "./params.js";
import { pathId, type Router } from "./router.js";

const DAY = 24 * 60 * 60;
/** A fixed external bank account id for the emulated account. */
const BANK_ACCOUNT = "ba_1EmulatorBankAccount00000";

export interface PayOutOptions {
  currency?: string;
  /** Pay out only funds whose `available_on` has passed; by default pending funds are made available first. */
  onlyAvailable?: boolean;
  /** Simulate a payout the bank rejects. */
  fail?: boolean;
}

function newPayout(ctx: EmulatorContext, amount: number, currency: string, automatic: boolean): Stripe.Payout {
  const created = ctx.now();
  return {
    id: newId("po"),
    object: "payout",
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: created - (created % DAY) + DAY,
    automatic,
    balance_transaction: null,
    created,
    currency,
    description: automatic ? "STRIPE PAYOUT" : null,
    destination: BANK_ACCOUNT,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: "standard",
    original_payout: null,
    payout_method: null,
    reconciliation_status: automatic ? "in_progress" : "not_applicable",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: null,
    status: "pending",
    trace_id: null,
    type: "bank_account",
  };
}

function debitPayout(ctx: EmulatorContext, payout: Stripe.Payout): void {
  const txn = createBalanceTransaction(ctx, {
    amount: -payout.amount,
    currency: payout.currency,
    type: "payout",
    reportingCategory: "payout",
    source: payout.id,
    description: payout.description,
  });
  payout.balance_transaction = txn.id;
  ctx.store.payouts.assign(txn.id, payout.id);
}

/** The bank returns the payout (before or days after it was paid): the funds credited back, with Stripe's events. */
function failPayout(ctx: EmulatorContext, payout: Stripe.Payout): Stripe.Payout {
  const before = structuredClone(payout);
  payout.status = "failed";
  payout.failure_code = "account_closed";
  payout.failure_message = "The bank account has been closed.";
  payout.failure_balance_transaction = createBalanceTransaction(ctx, {
    amount: payout.amount,
    currency: payout.currency,
    type: "payout_failure",
    reportingCategory: "payout_reversal",
    source: payout.id,
    description: "Payout failure",
  }).id;
  emitEvent(ctx, "payout.updated", payout, changedAttributes(before, payout));
  emitEvent(ctx, "payout.failed", payout);
  return payout;
}

/** A paid payout the bank returns later (Stripe allows days): only a paid payout can fail this way. */
export function failPaidPayout(ctx: EmulatorContext, id: string): Stripe.Payout {
  const payout = ctx.store.findOrMissing<Stripe.Payout>(id, "payout");
  if (payout.status !== "paid")
    throw invalidRequest(`Payout ${id} is ${payout.status}; only a paid payout can be returned by the bank.`, {
      code: "payout_not_paid",
    });
  return failPayout(ctx, payout);
}

/** Moves a payout to `paid` (or `failed`, crediting the funds back), with Stripe's events. */
function settle(ctx: EmulatorContext, payout: Stripe.Payout, fail: boolean): void {
  if (fail) {
    failPayout(ctx, payout);
    return;
  }
  const before = structuredClone(payout);
  payout.status = "paid";
  payout.trace_id = { status: "supported", value: `EMU${payout.id.slice(3, 15).toUpperCase()}` };
  emitEvent(ctx, "payout.updated", payout, changedAttributes(before, payout));
  emitEvent(ctx, "payout.paid", payout);
  if (payout.automatic) {
    payout.reconciliation_status = "completed";
    emitEvent(ctx, "payout.reconciliation_completed", payout);
  }
}

/**
 * Automatic payout of the balance: every balance transaction not yet paid out (per currency) is
 * attributed to one payout, so `balance_transactions?payout=` lists exactly what the payout contains.
 */
export function payOutBalance(ctx: EmulatorContext, options: PayOutOptions = {}): Stripe.Payout[] {
  refreshAvailability(ctx);
  const now = ctx.now();
  const unpaid = ctx.store
    .all<Stripe.BalanceTransaction>("balance_transaction")
    .filter((t) => !ctx.store.payouts.isPaidOut(t.id) && t.type !== "payout" && t.type !== "payout_failure")
    .filter((t) => options.currency === undefined || t.currency === options.currency)
    .filter((t) => !options.onlyAvailable || t.status === "available");
  const byCurrency = new Map<string, Stripe.BalanceTransaction[]>();
  for (const txn of unpaid) {
    const txns = byCurrency.get(txn.currency) ?? [];
    byCurrency.set(txn.currency, txns);
    txns.push(txn);
  }
  const payouts: Stripe.Payout[] = [];
  for (const [currency, txns] of byCurrency) {
    const amount = txns.reduce((sum, t) => sum + t.net, 0);
    if (amount <= 0) continue;
    for (const txn of txns) {
      if (txn.status === "pending") {
        txn.status = "available";
        txn.available_on = now;
      }
    }
    const payout = ctx.store.insert(newPayout(ctx, amount, currency, true));
    for (const txn of txns) ctx.store.payouts.assign(txn.id, payout.id);
    debitPayout(ctx, payout);
    emitEvent(ctx, "payout.created", payout);
    settle(ctx, payout, options.fail ?? false);
    payouts.push(payout);
  }
  return payouts;
}

/** A manual payout (`POST /v1/payouts`): Stripe cannot attribute transactions to it. */
function createManualPayout(ctx: EmulatorContext, params: ParamObject): Stripe.Payout {
  rejectUnknown(params, [
    "amount",
    "currency",
    "description",
    "metadata",
    "method",
    "statement_descriptor",
    "destination",
    "source_type",
  ]);
  const amount = reqInt(params, "amount");
  const currency = parseCurrency(reqString(params, "currency"));
  const available = computeBalance(ctx).available.find((b) => b.currency === currency)?.amount ?? 0;
  if (amount > available) {
    throw invalidRequest(
      "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.",
      { code: "balance_insufficient", param: "amount" },
    );
  }
  const payout = ctx.store.insert(newPayout(ctx, amount, currency, false));
  payout.description = optString(params, "description") ?? null;
  payout.metadata = metadataOnCreate(params);
  debitPayout(ctx, payout);
  emitEvent(ctx, "payout.created", payout);
  settle(ctx, payout, false);
  return payout;
}

export function registerPayoutRoutes(router: Router): void {
  router.post("/v1/payouts", (ctx, req) => createManualPayout(ctx, req.params));
  router.get("/v1/payouts", (ctx, req) => {
    const status = optString(req.params, "status");
    const payouts = ctx.store
      .all<Stripe.Payout>("payout")
      .filter(
        (p) =>
          (status === undefined || p.status === status) &&
          matchesRange(p.created, req.params, "created") &&
          matchesRange(p.arrival_date, req.params, "arrival_date"),
      );
    return paginate(ctx.store, payouts, req.params, "/v1/payouts");
  });
  router.get("/v1/payouts/:id", (ctx, req) => {
    return ctx.store.findOrMissing<Stripe.Payout>(pathId(req), "payout");
  });
}
