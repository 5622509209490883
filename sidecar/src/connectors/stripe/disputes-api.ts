import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import type Stripe from "stripe";
import { z } from "zod";
import { chargeIdSchema, disputeIdSchema, paymentIntentIdSchema } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { ok, type Result } from "../../domain/result.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";
import type {
  DisputeBalanceMove,
  DisputeEvidence,
  DisputeSnapshot,
  DisputesPort,
} from "../../ports/stripe-disputes.js";
import { callStripe } from "./stripe-failures.js";

const reference = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((ref) => (ref == null ? null : typeof ref === "string" ? ref : ref.id));
const currency = z.string().regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 code");
const integer = z.number().int().refine(Number.isSafeInteger, "is not a safe integer");

/** A dispute's balance transactions come expanded (Stripe always sends them as objects). */
const balanceTransactionSchema = z.looseObject({ id: z.string(), amount: integer, fee: integer, currency });

const disputeSchema = z.looseObject({
  object: z.literal("dispute"),
  id: disputeIdSchema,
  charge: reference.pipe(chargeIdSchema),
  payment_intent: reference.pipe(paymentIntentIdSchema.nullable()),
  status: z.string(),
  reason: z.string(),
  amount: integer.min(0),
  currency,
  created: integer,
  balance_transactions: z.array(balanceTransactionSchema),
  evidence_details: z.looseObject({
    due_by: integer.nullish(),
    has_evidence: z.boolean(),
    past_due: z.boolean(),
    submission_count: integer.min(0),
  }),
});
type DisputeObject = z.output<typeof disputeSchema>;

/** The withdrawal is the balance transaction that takes money; the reinstatement the one that gives it back. */
function move(txn: z.output<typeof balanceTransactionSchema> | undefined): DisputeBalanceMove | null {
  if (!txn) return null;
  const fee = txn.amount < 0 ? txn.fee : -txn.fee;
  return {
    balanceTransactionId: txn.id,
    amount: money(Math.abs(txn.amount), txn.currency),
    fee: money(Math.max(0, fee), txn.currency),
  };
}

function snapshotOf(d: DisputeObject): DisputeSnapshot {
  const details = d.evidence_details;
  return {
    id: d.id,
    chargeId: d.charge,
    paymentIntentId: d.payment_intent,
    status: d.status,
    reason: d.reason,
    amount: money(d.amount, d.currency),
    created: new Date(d.created * 1000),
    dueBy: details.due_by == null ? null : new Date(details.due_by * 1000),
    hasEvidence: details.has_evidence,
    submissionCount: details.submission_count,
    pastDue: details.past_due,
    withdrawal: move(d.balance_transactions.find((t) => t.amount < 0)),
    reinstatement: move(d.balance_transactions.find((t) => t.amount > 0)),
  };
}

function parse(object: unknown, where: string): DisputeSnapshot {
  const parsed = disputeSchema.safeParse(object);
  if (parsed.success) return snapshotOf(parsed.data);
  throw new PermanentError(`${where}: ${describeZodError(parsed.error, "dispute")}`, {
    code: "stripe_object_invalid",
    system: "stripe",
    value: object,
    suggestion: "Stripe could not have sent this dispute: check the sender, or STRIPE_API_BASE",
  });
}

/** DisputesPort on the official client. */
export class StripeDisputesApi implements DisputesPort {
  constructor(private readonly stripe: Pick<Stripe, "disputes">) {}

  async retrieve(id: DisputeSnapshot["id"]): Promise<Result<DisputeSnapshot, StripeMissing>> {
    const found = await callStripe(["missing"], () => this.stripe.disputes.retrieve(id));
    return found.ok ? ok(parse(found.value, `dispute ${id} from Stripe's API`)) : found;
  }

  async submitEvidence(
    id: DisputeSnapshot["id"],
    evidence: DisputeEvidence,
    idempotencyKey: string,
  ): Promise<Result<DisputeSnapshot, StripeMissing | IdempotencyMismatch>> {
    const updated = await callStripe(["missing", "idempotency_mismatch"], () =>
      this.stripe.disputes.update(id, { evidence, submit: true }, { idempotencyKey }),
    );
    return updated.ok ? ok(parse(updated.value, `dispute ${id} from Stripe's API`)) : updated;
  }

  fromEvent({ eventId, payload }: { eventId: string; payload: unknown }): DisputeSnapshot {
    const object = (payload as { data?: { object?: unknown } } | null)?.data?.object;
    return parse(object, `Stripe event ${eventId}`);
  }
}
