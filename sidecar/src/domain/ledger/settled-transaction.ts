import type { ChargeId, DisputeId, OrderGuid, PaymentIntentId, PayoutId, RefundId } from "../ids.js";
import type { Currency, Money } from "../money.js";
import type { LedgerRole } from "./chart-of-accounts.js";
import type { ForeignExchange } from "./journal-entry.js";

/**
 * One Stripe balance transaction in our words (the connector makes it from `/v1/balance_transactions` with
 * `source` expanded). Amounts are Stripe's integers in the settlement currency: `net = gross - fee`.
 */
export interface SettledTransaction {
  /** txn_… */
  readonly id: string;
  /** Stripe's `reporting_category` (docs.stripe.com/reports/reporting-categories); `type` is kept for the report only. */
  readonly category: string;
  readonly type: string;
  /** Signed, settlement currency. */
  readonly gross: Money;
  /** Positive when Stripe takes a fee, negative when it gives one back. */
  readonly fee: Money;
  readonly net: Money;
  /** Set when the customer paid in another currency than the one Stripe settled in. */
  readonly fx: ForeignExchange | null;
  /** ISO 8601, UTC. */
  readonly created: string;
  readonly description: string | null;
  readonly sources: TransactionSources;
}

/** Ids found on the expanded source (charge, refund, dispute): how the flow matched the order. */
export interface TransactionSources {
  readonly paymentIntent?: PaymentIntentId;
  readonly charge?: ChargeId;
  readonly refund?: RefundId;
  readonly dispute?: DisputeId;
}

/** What nopCommerce says about the order a transaction was matched to (facts the flow looks up). */
export interface OrderFacts {
  readonly orderGuid: OrderGuid;
  /** The order's currency (nopCommerce's CustomerCurrencyCode), compared with what the customer paid in. */
  readonly currency: Currency;
  /** nopCommerce's payment status is Paid (or partially refunded/refunded, which imply it was paid). */
  readonly paidInNop: boolean;
  /**
   * nopCommerce's amount for the same movement: for a charge the order's paid total, for a refund the refund
   * recorded with this Stripe refund id (null when none was recorded). Ignored for other categories.
   */
  readonly recorded: Money | null;
}

export interface MatchedTransaction {
  readonly transaction: SettledTransaction;
  /** null: no order could be found (by metadata, PaymentIntent or charge id). */
  readonly order: OrderFacts | null;
}

export type PayoutStatus = "paid" | "pending" | "in_transit" | "failed" | "canceled";

export interface PayoutFacts {
  readonly id: PayoutId;
  /** Positive, settlement currency. */
  readonly amount: Money;
  /** ISO `YYYY-MM-DD`: the accounting date of the payout's entries. */
  readonly arrivalDate: string;
  readonly status: PayoutStatus;
}

export interface CategoryRule {
  /** Where the gross amount goes against Stripe clearing. */
  readonly counterpart: LedgerRole;
  /** Where the fee goes. */
  readonly fee: LedgerRole;
  /** The money belongs to an order: no order is an exception, and a charge's receivable waits in suspense. */
  readonly needsOrder: boolean;
}

const rule = (counterpart: LedgerRole, needsOrder = false, fee: LedgerRole = "fees"): CategoryRule => ({
  counterpart,
  fee,
  needsOrder,
});

/**
 * Stripe's reporting categories (docs.stripe.com/reports/reporting-categories; the enum of
 * `/v1/reporting/report_runs` `parameters.reporting_category`) and where each posts. A category not listed is
 * not guessed: it goes to suspense with an exception so finance maps it.
 */
export const CATEGORY_RULES: Readonly<Record<string, CategoryRule>> = {
  charge: rule("receivables", true),
  partial_capture_reversal: rule("receivables", true),
  charge_failure: rule("receivables", true),
  refund: rule("refunds", true),
  refund_failure: rule("refunds", true),
  dispute: rule("dispute_losses", true, "dispute_fees"),
  dispute_reversal: rule("dispute_losses", true, "dispute_fees"),
  fee: rule("fees"),
  tax: rule("fees"),
  network_cost: rule("fees"),
  other_adjustment: rule("other_adjustments"),
  risk_reserved_funds: rule("other_adjustments"),
  connect_reserved_funds: rule("other_adjustments"),
  transfer: rule("other_adjustments"),
  transfer_reversal: rule("other_adjustments"),
  connect_collection_transfer: rule("other_adjustments"),
  platform_earning: rule("other_adjustments"),
  platform_earning_refund: rule("other_adjustments"),
  contribution: rule("other_adjustments"),
  payout: rule("bank"),
  // A failed or canceled payout's money back in Stripe's balance: it was in transit, whether or not it had arrived.
  payout_reversal: rule("payouts_in_transit"),
  topup: rule("bank"),
  topup_reversal: rule("bank"),
  unreconciled_customer_funds: rule("suspense"),
};

/** The payout's own balance transaction: the transfer entry posts it from the payout, it is not a category to clear. */
export const PAYOUT_CATEGORY = "payout";

export function categoryRule(category: string): CategoryRule | null {
  return Object.hasOwn(CATEGORY_RULES, category) ? CATEGORY_RULES[category]! : null;
}
