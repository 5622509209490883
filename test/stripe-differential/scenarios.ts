import type Stripe from "stripe";

/** What the differential test compares: outcomes that matter to the sidecar, not incidental fields. */
export interface ErrorSummary {
  status: number | undefined;
  type: string;
  code: string | undefined;
  decline_code: string | undefined;
  param: string | undefined;
  message: string;
}

export function summarizeError(error: unknown): ErrorSummary {
  const e = error as Stripe.errors.StripeError;
  return {
    status: e.statusCode,
    type: e.type,
    code: e.code,
    decline_code: e.decline_code,
    param: e.param,
    message: e.message,
  };
}

export async function outcome<T>(work: Promise<T>): Promise<{ ok: T } | { error: ErrorSummary }> {
  try {
    return { ok: await work };
  } catch (error) {
    return { error: summarizeError(error) };
  }
}

export function summarizeCharge(charge: Stripe.Charge) {
  return {
    amount: charge.amount,
    amount_captured: charge.amount_captured,
    amount_refunded: charge.amount_refunded,
    captured: charge.captured,
    currency: charge.currency,
    paid: charge.paid,
    refunded: charge.refunded,
    status: charge.status,
    card: {
      brand: charge.payment_method_details?.card?.brand,
      last4: charge.payment_method_details?.card?.last4,
    },
    outcome: {
      network_status: charge.outcome?.network_status,
      risk_level: charge.outcome?.risk_level,
      type: charge.outcome?.type,
    },
  };
}

export function summarizeRefund(refund: Stripe.Refund) {
  return { amount: refund.amount, currency: refund.currency, status: refund.status, object: refund.object };
}
