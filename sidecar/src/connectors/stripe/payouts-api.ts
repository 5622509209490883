import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import type Stripe from "stripe";
import { z } from "zod";
import {
  chargeIdSchema,
  disputeIdSchema,
  orderGuidSchema,
  type PayoutId,
  paymentIntentIdSchema,
  payoutIdSchema,
  refundIdSchema,
} from "../../domain/ids.js";
import type { ForeignExchange } from "../../domain/ledger/journal-entry.js";
import type { PayoutStatus, TransactionSources } from "../../domain/ledger/settled-transaction.js";
import { money } from "../../domain/money.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type {
  PayoutRange,
  PayoutSnapshot,
  PayoutsPort,
  PayoutTransaction,
  PayoutTransactionPage,
} from "../../ports/stripe-payouts.js";
import { callStripe } from "./stripe-failures.js";

const integer = z.number().int().refine(Number.isSafeInteger, "is not a safe integer");
const currency = z.string().regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 code");
const reference = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((ref) => (ref == null ? null : typeof ref === "string" ? ref : ref.id));
const metadata = z.record(z.string(), z.string()).nullish();

/** The expanded `source`: only the ids that tie it to an order, and what the customer paid (FX). */
const sourceSchema = z
  .union([
    z.looseObject({
      object: z.enum(["charge", "refund", "dispute"]),
      id: z.string(),
      amount: integer,
      currency,
      charge: reference,
      payment_intent: reference,
      metadata,
    }),
    z.looseObject({ object: z.string(), id: z.string() }),
    z.string(),
  ])
  .nullable();

const transactionSchema = z.looseObject({
  object: z.literal("balance_transaction"),
  id: z.string().regex(/^txn_/),
  amount: integer,
  fee: integer,
  net: integer,
  currency,
  created: integer,
  description: z.string().nullish(),
  exchange_rate: z.number().positive().nullish(),
  reporting_category: z.string().min(1),
  type: z.string().min(1),
  source: sourceSchema,
});
type TransactionObject = z.output<typeof transactionSchema>;

const payoutSchema = z.looseObject({
  object: z.literal("payout"),
  id: payoutIdSchema,
  amount: integer,
  currency,
  arrival_date: integer,
  created: integer,
  status: z.enum(["paid", "pending", "in_transit", "failed", "canceled"]),
});

function invalid(where: string, error: z.ZodError, what: string, value: unknown): PermanentError {
  return new PermanentError(`${where}: ${describeZodError(error, what)}`, {
    code: "stripe_object_invalid",
    system: "stripe",
    value,
    suggestion: `Stripe could not have sent this ${what}: check the sender, or STRIPE_API_BASE`,
  });
}

function parsePayout(object: unknown, where: string): PayoutSnapshot {
  const parsed = payoutSchema.safeParse(object);
  if (!parsed.success) throw invalid(where, parsed.error, "payout", object);
  const p = parsed.data;
  return {
    id: p.id,
    amount: money(p.amount, p.currency),
    arrivalDate: new Date(p.arrival_date * 1000).toISOString().slice(0, 10),
    status: p.status as PayoutStatus,
    created: p.created,
  };
}

const idOrNull = <S extends z.ZodType>(schema: S, raw: string | null | undefined): z.output<S> | undefined => {
  if (raw == null) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
};

/** The ids on the source that can name the order: a charge, a refund or a dispute, each with its charge and intent. */
function sourcesOf(source: TransactionObject["source"]): TransactionSources {
  if (source === null || typeof source === "string" || !("amount" in source)) return {};
  const s = source as { object: string; id: string; charge: string | null; payment_intent: string | null };
  const charge = idOrNull(chargeIdSchema, s.object === "charge" ? s.id : s.charge);
  const paymentIntent = idOrNull(paymentIntentIdSchema, s.payment_intent);
  const refund = s.object === "refund" ? idOrNull(refundIdSchema, s.id) : undefined;
  const dispute = s.object === "dispute" ? idOrNull(disputeIdSchema, s.id) : undefined;
  return {
    ...(paymentIntent ? { paymentIntent } : {}),
    ...(charge ? { charge } : {}),
    ...(refund ? { refund } : {}),
    ...(dispute ? { dispute } : {}),
  };
}

/** A converted transaction: what the customer paid, signed like the settlement amount, and Stripe's rate. */
function foreignExchange(txn: TransactionObject): ForeignExchange | null {
  const source = txn.source;
  if (txn.exchange_rate == null || source === null || typeof source === "string" || !("amount" in source)) return null;
  const s = source as { amount: number; currency: string };
  if (s.currency === txn.currency) return null;
  const signed = txn.amount < 0 ? -Math.abs(s.amount) : Math.abs(s.amount);
  return { presentment: money(signed, s.currency), exchangeRate: txn.exchange_rate };
}

function metadataOrderGuid(source: TransactionObject["source"]) {
  if (source === null || typeof source === "string") return null;
  const guid = (source as { metadata?: Record<string, string> | null }).metadata?.nop_order_guid;
  return idOrNull(orderGuidSchema, guid) ?? null;
}

/** One balance transaction in the ledger's words. */
export function payoutTransactionOf(object: unknown, where: string): PayoutTransaction {
  const parsed = transactionSchema.safeParse(object);
  if (!parsed.success) throw invalid(where, parsed.error, "balance transaction", object);
  const txn = parsed.data;
  return {
    transaction: {
      id: txn.id,
      category: txn.reporting_category,
      type: txn.type,
      gross: money(txn.amount, txn.currency),
      fee: money(txn.fee, txn.currency),
      net: money(txn.net, txn.currency),
      fx: foreignExchange(txn),
      created: new Date(txn.created * 1000).toISOString(),
      description: txn.description ?? null,
      sources: sourcesOf(txn.source),
    },
    metadataOrderGuid: metadataOrderGuid(txn.source),
  };
}

/** A call with no expected failure: every failure is thrown as `callStripe` sorts it. */
async function stripeValue<T>(call: () => Promise<T>): Promise<T> {
  const answer = await callStripe([], call);
  if (!answer.ok) throw new Error("unreachable: no expected outcome was asked for");
  return answer.value;
}

/** PayoutsPort on the official client. */
export class StripePayoutsApi implements PayoutsPort {
  constructor(private readonly stripe: Pick<Stripe, "payouts" | "balanceTransactions">) {}

  async transactionsPage(
    payout: PayoutId,
    startingAfter: string | null,
    limit: number,
  ): Promise<PayoutTransactionPage> {
    const page = await stripeValue(() =>
      this.stripe.balanceTransactions.list({
        payout,
        limit,
        expand: ["data.source"],
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      }),
    );
    const where = `balance transactions of ${payout}`;
    return { transactions: page.data.map((t) => payoutTransactionOf(t, where)), hasMore: page.has_more };
  }

  async retrieve(payout: PayoutId): Promise<PayoutSnapshot> {
    const found = await stripeValue(() => this.stripe.payouts.retrieve(payout));
    return parsePayout(found, `payout ${payout} from Stripe's API`);
  }

  async paidPayouts(range: PayoutRange, startingAfter: PayoutId | null) {
    const created = {
      ...(range.createdFrom === undefined ? {} : { gte: range.createdFrom }),
      ...(range.createdTo === undefined ? {} : { lte: range.createdTo }),
    };
    const page = await stripeValue(() =>
      this.stripe.payouts.list({
        status: "paid",
        limit: 100,
        ...(Object.keys(created).length > 0 ? { created } : {}),
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      }),
    );
    return {
      payouts: page.data.map((p) => parsePayout(p, "a payout from Stripe's list")),
      hasMore: page.has_more,
    };
  }

  fromEvent({ eventId, payload }: { eventId: string; payload: unknown }): PayoutSnapshot {
    const object = (payload as { data?: { object?: unknown } } | null)?.data?.object;
    return parsePayout(object, `Stripe event ${eventId}`);
  }
}
