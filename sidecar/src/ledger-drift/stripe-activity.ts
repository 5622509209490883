import type Stripe from "stripe";
import type { Period } from "../domain/ledger/trial-balance.js";
import { money } from "../domain/money.js";
import type { StripeChargeFact, StripeRefundFact } from "./plan-drift.js";

/** Stripe's side for a period: succeeded charges and refunds, streamed page by page (limit 100). */
export interface StripeActivity {
  charges(period: Period): AsyncIterable<StripeChargeFact>;
  refunds(period: Period): AsyncIterable<StripeRefundFact>;
}

/** A period of UTC dates as Stripe's `created` range: from 00:00 of `from` to before 00:00 after `to`. */
export function createdRange(period: Period): { gte: number; lt: number } {
  const start = Date.parse(`${period.from}T00:00:00Z`) / 1000;
  const end = Date.parse(`${period.to}T00:00:00Z`) / 1000 + 86_400;
  return { gte: start, lt: end };
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

/** Over the official client, auto-paginated (each page one request of 100; memory holds one page). */
export class StripeClientActivity implements StripeActivity {
  constructor(private readonly stripe: Stripe) {}

  async *charges(period: Period): AsyncIterable<StripeChargeFact> {
    for await (const charge of this.stripe.charges.list({ created: createdRange(period), limit: 100 })) {
      if (charge.status !== "succeeded" || charge.amount_captured === 0) continue;
      yield {
        id: charge.id,
        paymentIntentId: idOf(charge.payment_intent),
        captured: money(charge.amount_captured, charge.currency),
        balanceTransaction: idOf(charge.balance_transaction),
      };
    }
  }

  async *refunds(period: Period): AsyncIterable<StripeRefundFact> {
    for await (const refund of this.stripe.refunds.list({ created: createdRange(period), limit: 100 })) {
      if (refund.status !== "succeeded") continue;
      yield {
        id: refund.id,
        chargeId: idOf(refund.charge),
        paymentIntentId: idOf(refund.payment_intent),
        amount: money(refund.amount, refund.currency),
        balanceTransaction: idOf(refund.balance_transaction),
      };
    }
  }
}
