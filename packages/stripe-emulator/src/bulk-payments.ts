import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { parseCurrency, validateChargeAmount } from "./currencies.js";
import { invalidRequest } from "./errors.js";
import type { ParamObject } from "./form-decoding.js";
import { metadataOnCreate, optArray, optEnum, rejectUnknown, reqInt, reqString } from "./params.js";
import { createFromParams } from "./payment-intents.js";

/** At most this many payments per request (Stripe's largest payouts are of this order). */
const MAX_PAYMENTS = 200_000;

export interface BulkPayment {
  payment_intent: string;
  charge: string;
  balance_transaction: string;
  amount: number;
  currency: string;
}

/** Reads and checks every payment before any is made, so bad input changes nothing. */
function readPayments(params: ParamObject): ParamObject[] {
  const items = optArray(params, "payments") ?? [];
  if (items.length === 0) throw invalidRequest("payments: a list of at least one payment", { param: "payments" });
  if (items.length > MAX_PAYMENTS)
    throw invalidRequest(`payments: at most ${MAX_PAYMENTS} per request`, { param: "payments" });
  return items.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw invalidRequest(`payments[${i}]: an object with amount, currency and metadata`, { param: "payments" });
    rejectUnknown(item, ["amount", "currency", "metadata", "capture_method"]);
    // A manual capture would leave the payment uncaptured: not a succeeded payment.
    optEnum(item, "capture_method", ["automatic", "automatic_async"]);
    const currency = parseCurrency(reqString(item, "currency"), `payments[${i}][currency]`);
    validateChargeAmount(reqInt(item, "amount"), currency, `payments[${i}][amount]`);
    metadataOnCreate(item);
    return item;
  });
}

/**
 * N card payments that succeed, each exactly as `POST /v1/payment_intents` with `confirm=true` and
 * `payment_method=pm_card_visa` makes it (PaymentIntent, PaymentMethod, charge, balance transaction with
 * Stripe's fee, events), without N HTTP round trips: the seeding of large payouts for benchmarks.
 */
export function createSucceededPayments(ctx: EmulatorContext, params: ParamObject): BulkPayment[] {
  return readPayments(params).map((item) => {
    const intent = createFromParams(ctx, {
      amount: item.amount ?? "",
      currency: item.currency ?? "",
      metadata: item.metadata ?? {},
      capture_method: item.capture_method ?? "automatic_async",
      payment_method: "pm_card_visa",
      confirm: "true",
    });
    const charge = ctx.store.find<Stripe.Charge>(String(intent.latest_charge), "charge");
    return {
      payment_intent: intent.id,
      charge: charge?.id ?? "",
      balance_transaction: String(charge?.balance_transaction ?? ""),
      amount: intent.amount_received,
      currency: intent.currency,
    };
  });
}
