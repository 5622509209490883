import type { Resolution } from "../domain/ledger/reconciliation-exception.js";
import { type Money, toDecimalString } from "../domain/money.js";

// The drift check's decision, pure: one Stripe charge or refund against what nopCommerce and our ledger say.
// Only what is truly missing or different is reported; a charge not yet in a payout is not drift.

export type DriftKind =
  | "drift_no_order"
  | "drift_not_paid_in_nop"
  | "drift_amount_differs"
  | "drift_refund_not_recorded"
  | "drift_ledger_differs";

export interface DriftFinding {
  /** drift:<kind>:<ch_…|re_…>: the same difference found again is the same exception. */
  id: string;
  kind: DriftKind;
  /** The Stripe object it is about. */
  subject: string;
  reason: string;
  suggestedAction: string;
  resolutions: Resolution[];
  balanceTransaction: string | null;
  orderGuid: string | null;
  amount: Money | null;
}

/** A succeeded Stripe charge, as the client listed it. */
export interface StripeChargeFact {
  id: string;
  paymentIntentId: string | null;
  /** What was captured (a charge only authorized is not money in). */
  captured: Money;
  balanceTransaction: string | null;
}

export interface StripeRefundFact {
  id: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  amount: Money;
  balanceTransaction: string | null;
}

/** nopCommerce's side of the order, through order-to-cash's read port; undefined: no order known. */
export interface NopOrderFact {
  orderGuid: string;
  paid: boolean;
  refunded: boolean;
  total: Money | null;
}

/** Our ledger's line for the same balance transaction, once a payout carried it. */
export interface LedgerFact {
  payoutId: string;
  gross: Money;
}

const ACTIONS: Record<DriftKind, { suggestedAction: string; resolutions: Resolution[] }> = {
  drift_no_order: {
    suggestedAction: "Find the order this payment was for and link it, or write the amount off.",
    resolutions: ["link_order", "write_off"],
  },
  drift_not_paid_in_nop: {
    suggestedAction: "Re-sync the order: Stripe has the money, nopCommerce never heard (a webhook was lost).",
    resolutions: ["resync"],
  },
  drift_amount_differs: {
    suggestedAction: "Compare the order with the Stripe charge; re-sync the order or write the difference off.",
    resolutions: ["resync", "write_off"],
  },
  drift_refund_not_recorded: {
    suggestedAction: "Re-sync the refund so nopCommerce and the ERP record it (it was made in Stripe).",
    resolutions: ["resync"],
  },
  drift_ledger_differs: {
    suggestedAction: "Compare the payout's line with the Stripe object; correct with a reversing entry.",
    resolutions: ["write_off", "resync"],
  },
};

const amountText = (m: Money) => `${m.currency.toUpperCase()} ${toDecimalString(m)}`;

function finding(
  kind: DriftKind,
  subject: string,
  reason: string,
  facts: { balanceTransaction: string | null; orderGuid: string | null; amount: Money | null },
): DriftFinding {
  return { id: `drift:${kind}:${subject}`, kind, subject, reason, ...ACTIONS[kind], ...facts };
}

const sameAmount = (a: Money, b: Money) => a.currency === b.currency && a.amount === b.amount;

/** The differences of one succeeded charge; none when every system agrees (or has not had its turn yet). */
export function chargeDrift(
  charge: StripeChargeFact,
  order: NopOrderFact | undefined,
  ledger?: LedgerFact,
): DriftFinding[] {
  const facts = {
    balanceTransaction: charge.balanceTransaction,
    orderGuid: order?.orderGuid ?? null,
    amount: charge.captured,
  };
  const paid = amountText(charge.captured);
  const out: DriftFinding[] = [];
  if (!order)
    out.push(
      finding("drift_no_order", charge.id, `Stripe charge ${charge.id} took ${paid} for no order we know of`, facts),
    );
  else {
    if (!order.paid)
      out.push(
        finding(
          "drift_not_paid_in_nop",
          charge.id,
          `Stripe charge ${charge.id} took ${paid} for order ${order.orderGuid}, which nopCommerce does not show as paid`,
          facts,
        ),
      );
    if (order.total && !sameAmount(order.total, charge.captured))
      out.push(
        finding(
          "drift_amount_differs",
          charge.id,
          `Stripe charge ${charge.id} took ${paid}; order ${order.orderGuid} totals ${amountText(order.total)}`,
          facts,
        ),
      );
  }
  // Settled in another currency, the payout line's gross is not comparable with the charge: FX is no drift.
  if (ledger && ledger.gross.currency === charge.captured.currency && !sameAmount(ledger.gross, charge.captured))
    out.push(
      finding(
        "drift_ledger_differs",
        charge.id,
        `payout ${ledger.payoutId} booked ${amountText(ledger.gross)} for charge ${charge.id}, Stripe says ${paid}`,
        facts,
      ),
    );
  return out;
}

/** The differences of one succeeded refund: nopCommerce (through the refunds flow) must know it. */
export function refundDrift(
  refund: StripeRefundFact,
  order: NopOrderFact | undefined,
  recorded: { amount: Money } | undefined,
): DriftFinding[] {
  const facts = {
    balanceTransaction: refund.balanceTransaction,
    orderGuid: order?.orderGuid ?? null,
    amount: refund.amount,
  };
  const amount = amountText(refund.amount);
  if (!recorded || (order && !order.refunded)) {
    const where = !order ? "no order we know of" : `order ${order.orderGuid}`;
    const missing = !recorded ? "no refund was recorded" : "nopCommerce does not show the order as refunded";
    return [
      finding(
        "drift_refund_not_recorded",
        refund.id,
        `Stripe refund ${refund.id} of ${amount} for ${where}: ${missing}`,
        facts,
      ),
    ];
  }
  if (!sameAmount(recorded.amount, refund.amount))
    return [
      finding(
        "drift_amount_differs",
        refund.id,
        `Stripe refund ${refund.id} is ${amount}; it was recorded as ${amountText(recorded.amount)}`,
        facts,
      ),
    ];
  return [];
}
