import type { JournalEntryDraft, JournalLine } from "../../connectors/erp/erp-types.js";
import type { Money } from "../../domain/money.js";
import type { DisputeBalanceMove } from "../../ports/stripe-disputes.js";
import type { DisputeRecord } from "./disputes-store.js";

/**
 * The ERP chart's accounts a dispute moves (packages/erp-simulator chart-of-accounts.ts). While a chargeback is
 * open the money Stripe took is a claim on the card network, so it sits in receivables rather than being a loss;
 * the fee is a cost at once. Won: the claim is paid back into the Stripe balance. Lost: the claim is written off.
 */
export const disputeAccounts = {
  stripeBalance: "1050",
  disputedFunds: "1100",
  disputeLosses: "6200",
} as const;

type Kind = "withdrawal" | "reinstatement" | "loss";

const line = (account: string, side: "debit" | "credit", amount: Money, memo: string): JournalLine[] =>
  amount.amount > 0 ? [{ account, [side]: amount.amount, currency: amount.currency.toUpperCase(), memo }] : [];

/** A balanced journal entry for one money movement of a dispute, referenced by the dispute id. */
export function disputeJournalEntry(
  dispute: DisputeRecord,
  kind: Kind,
  move: DisputeBalanceMove,
  orderNumber: string,
  date: Date,
): JournalEntryDraft {
  const { stripeBalance, disputedFunds, disputeLosses } = disputeAccounts;
  const about = `dispute ${dispute.disputeId} on charge ${dispute.chargeId}, order ${orderNumber}`;
  const withFee = { ...move.amount, amount: move.amount.amount + move.fee.amount };
  const lines: Record<Kind, JournalLine[]> = {
    withdrawal: [
      ...line(disputedFunds, "debit", move.amount, "disputed amount withdrawn"),
      ...line(disputeLosses, "debit", move.fee, "dispute fee"),
      ...line(stripeBalance, "credit", withFee, `balance transaction ${move.balanceTransactionId}`),
    ],
    reinstatement: [
      ...line(stripeBalance, "debit", withFee, `balance transaction ${move.balanceTransactionId}`),
      ...line(disputedFunds, "credit", move.amount, "disputed amount reinstated"),
      ...line(disputeLosses, "credit", move.fee, "dispute fee returned"),
    ],
    loss: [
      ...line(disputeLosses, "debit", move.amount, "dispute lost"),
      ...line(disputedFunds, "credit", move.amount, "disputed amount written off"),
    ],
  };
  const memo: Record<Kind, string> = {
    withdrawal: `Chargeback: ${about}`,
    reinstatement: `Chargeback won, funds reinstated: ${about}`,
    loss: `Chargeback lost: ${about}`,
  };
  return { reference: dispute.disputeId, date: date.toISOString().slice(0, 10), memo: memo[kind], lines: lines[kind] };
}
