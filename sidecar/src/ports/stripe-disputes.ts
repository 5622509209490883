import type { ChargeId, DisputeId, PaymentIntentId } from "../domain/ids.js";
import type { Money } from "../domain/money.js";
import type { Result } from "../domain/result.js";
import type { IdempotencyMismatch, StripeMissing } from "./stripe.js";

/** The evidence fields the sidecar drafts (all text fields of Stripe's `evidence`; files are not drafted). */
export const evidenceFields = [
  "product_description",
  "customer_name",
  "customer_email_address",
  "billing_address",
  "shipping_address",
  "shipping_carrier",
  "shipping_tracking_number",
  "shipping_date",
  "refund_policy_disclosure",
  "uncategorized_text",
] as const;
export type EvidenceField = (typeof evidenceFields)[number];
/** Evidence as text per field; a field left out is not sent. */
export type DisputeEvidence = Partial<Record<EvidenceField, string>>;

/** A movement of the Stripe balance for a dispute (the withdrawal or the reinstatement), from its balance transaction. */
export interface DisputeBalanceMove {
  balanceTransactionId: string;
  /** The disputed amount moved, positive, in the balance's currency. */
  amount: Money;
  /** The dispute fee charged (withdrawal) or given back (reinstatement), positive or zero. */
  fee: Money;
}

/** A dispute as the flows read it: checked once where it enters (an event or an API answer), in our types. */
export interface DisputeSnapshot {
  id: DisputeId;
  chargeId: ChargeId;
  paymentIntentId: PaymentIntentId | null;
  /** Stripe's status; one this sidecar does not know is left for the flow to skip. */
  status: string;
  reason: string;
  amount: Money;
  created: Date;
  dueBy: Date | null;
  hasEvidence: boolean;
  submissionCount: number;
  pastDue: boolean;
  withdrawal: DisputeBalanceMove | null;
  reinstatement: DisputeBalanceMove | null;
}

/** The disputes of Stripe the flows use: read one, and submit evidence for it. */
export interface DisputesPort {
  retrieve(id: DisputeId): Promise<Result<DisputeSnapshot, StripeMissing>>;
  /** `disputes.update` with the evidence and `submit: true`, under the key. */
  submitEvidence(
    id: DisputeId,
    evidence: DisputeEvidence,
    idempotencyKey: string,
  ): Promise<Result<DisputeSnapshot, StripeMissing | IdempotencyMismatch>>;
  /** The dispute a `charge.dispute.*` webhook carries; throws PermanentError for one Stripe could not have sent. */
  fromEvent(event: { eventId: string; payload: unknown }): DisputeSnapshot;
}
