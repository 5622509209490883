import type Stripe from "stripe";
import { createBalanceTransaction } from "./balance-transactions.js";
import type { EmulatorContext } from "./context.js";
import { customerNow } from "./customers.js";
import { settleEarlyFraudWarnings } from "./early-fraud-warnings.js";
import { invalidRequest } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import { DISPUTE_FEE } from "./fees.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { listByCharge } from "./list-pagination.js";
import { metadataOnUpdate, optBool, optObject, optString, rejectUnknown } from "./params.js";
import { closeReviewOfCharge } from "./radar-reviews.js";
import { pathId, type Router } from "./router.js";

const DAY = 24 * 60 * 60;
const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;
type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

export type DisputeOutcome = "won" | "lost";

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])) as Record<EvidenceField, null>;
  return { ...evidence, enhanced_evidence: {} };
}

export function findDispute(ctx: EmulatorContext, id: string): Stripe.Dispute {
  return ctx.store.findOrMissing<Stripe.Dispute>(id, "dispute");
}

/** Debits the disputed amount plus the dispute fee, as Stripe does when a chargeback opens. */
function withdrawFunds(ctx: EmulatorContext, dispute: Stripe.Dispute): void {
  const txn = createBalanceTransaction(ctx, {
    amount: -dispute.amount,
    currency: dispute.currency,
    type: "adjustment",
    reportingCategory: "dispute",
    source: dispute.id,
    description: `Chargeback withdrawal for ${dispute.charge}`,
    fee: { amount: DISPUTE_FEE, description: "Dispute fee" },
  });
  dispute.balance_transactions.push(txn);
  dispute.is_charge_refundable = false;
  emitEvent(ctx, "charge.dispute.funds_withdrawn", dispute);
}

export interface NewDispute {
  reason: string;
  inquiry: boolean;
  amount?: number;
}

/** Now on the test clock of the disputed charge's customer, if it has one (due dates follow that clock). */
function disputeNow(ctx: EmulatorContext, chargeId: string): number {
  const charge = ctx.store.find<Stripe.Charge>(chargeId, "charge");
  const customerId = typeof charge?.customer === "string" ? charge.customer : null;
  const customer = customerId ? (ctx.store.find<Stripe.Customer>(customerId, "customer") ?? null) : null;
  return customerNow(ctx, customer);
}

/**
 * Opens a dispute (or an inquiry, which withdraws nothing) against a captured charge, at the time of the
 * customer's test clock when there is one: `evidence_details.due_by` then moves with that clock.
 */
export function openDispute(ctx: EmulatorContext, charge: Stripe.Charge, input: NewDispute): Stripe.Dispute {
  if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be disputed.`);
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, { code: "charge_disputed" });
  return ctx.atTime(disputeNow(ctx, charge.id), () => openDisputeNow(ctx, charge, input));
}

function openDisputeNow(ctx: EmulatorContext, charge: Stripe.Charge, input: NewDispute): Stripe.Dispute {
  const created = ctx.now();
  const card = charge.payment_method_details?.card;
  const dispute: Stripe.Dispute = {
    id: newId("du"),
    object: "dispute",
    amount: input.amount ?? charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: created - (created % DAY) + 8 * DAY - 1,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    },
    intended_submission_method: null,
    is_charge_refundable: input.inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: input.reason === "fraudulent" ? "10.4" : "13.1",
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: {
        brand: card?.brand ?? "visa",
        case_type: input.inquiry ? "inquiry" : "chargeback",
        network: card?.network ?? "visa",
        network_reason_code: input.reason === "fraudulent" ? "10.4" : "13.1",
      },
      type: "card",
    },
    reason: input.reason,
    status: input.inquiry ? "warning_needs_response" : "needs_response",
  };
  ctx.store.insert(dispute);
  const before = { disputed: charge.disputed };
  charge.disputed = true;
  emitEvent(ctx, "charge.dispute.created", dispute);
  emitEvent(ctx, "charge.updated", charge, before);
  closeReviewOfCharge(ctx, charge, "disputed");
  settleEarlyFraudWarnings(ctx, charge);
  if (!input.inquiry) withdrawFunds(ctx, dispute);
  return dispute;
}

function isClosed(dispute: Stripe.Dispute): boolean {
  return ["won", "lost", "warning_closed", "prevented"].includes(dispute.status);
}

/** Closes a dispute with the network's decision; a won chargeback reinstates the disputed amount. */
export function closeDispute(ctx: EmulatorContext, dispute: Stripe.Dispute, outcome: DisputeOutcome): Stripe.Dispute {
  return ctx.atTime(disputeNow(ctx, dispute.charge as string), () => closeDisputeNow(ctx, dispute, outcome));
}

function closeDisputeNow(ctx: EmulatorContext, dispute: Stripe.Dispute, outcome: DisputeOutcome): Stripe.Dispute {
  if (isClosed(dispute)) throw invalidRequest(`Dispute ${dispute.id} is already closed (${dispute.status}).`);
  const before = structuredClone(dispute);
  const inquiry = dispute.status.startsWith("warning_");
  if (inquiry && outcome === "lost") {
    // A lost inquiry escalates to a chargeback.
    dispute.status = "needs_response";
    emitEvent(ctx, "charge.dispute.updated", dispute, changedAttributes(before, dispute));
    withdrawFunds(ctx, dispute);
    return dispute;
  }
  dispute.status = inquiry ? "warning_closed" : outcome;
  emitEvent(ctx, "charge.dispute.closed", dispute, changedAttributes(before, dispute));
  if (!inquiry && outcome === "won") {
    const txn = createBalanceTransaction(ctx, {
      amount: dispute.amount,
      currency: dispute.currency,
      type: "adjustment",
      reportingCategory: "dispute_reversal",
      source: dispute.id,
      description: `Chargeback reversal for ${dispute.charge}`,
    });
    dispute.balance_transactions.push(txn);
    emitEvent(ctx, "charge.dispute.funds_reinstated", dispute);
  }
  return dispute;
}

/**
 * Updates evidence and submits it by default. A submission after `due_by` (on the customer's test clock) is
 * accepted but marked `past_due`, as Stripe does: its delivery to the network is not guaranteed. In test mode Stripe decides by the text:
 * `winning_evidence` wins, `losing_evidence` loses; other evidence waits for a decision.
 */
function updateDispute(ctx: EmulatorContext, dispute: Stripe.Dispute, params: ParamObject): Stripe.Dispute {
  rejectUnknown(params, ["evidence", "metadata", "submit", "intended_submission_method"]);
  if (isClosed(dispute)) {
    throw invalidRequest(`This dispute is already closed (${dispute.status}); evidence can no longer be updated.`);
  }
  // Evidence is submitted once ("typically, you may only submit evidence once"): under review, only metadata moves.
  const reviewing = dispute.status === "under_review" || dispute.status === "warning_under_review";
  if (reviewing && (params.evidence !== undefined || optBool(params, "submit") === true))
    throw invalidRequest(`This dispute is under review (${dispute.status}); its evidence was already submitted.`);
  const before = structuredClone(dispute);
  const evidence = optObject(params, "evidence") ?? {};
  for (const field of EVIDENCE_FIELDS) {
    const value = optString(evidence, field);
    if (value !== undefined) dispute.evidence[field] = value === "" ? null : value;
  }
  dispute.metadata = metadataOnUpdate(dispute.metadata, params);
  dispute.evidence_details.has_evidence = EVIDENCE_FIELDS.some((f) => dispute.evidence[f] !== null);
  const submit = !reviewing && (optBool(params, "submit") ?? true);
  if (submit) {
    const due = dispute.evidence_details.due_by;
    dispute.evidence_details.past_due = due !== null && disputeNow(ctx, dispute.charge as string) > due;
    dispute.evidence_details.submission_count += 1;
    dispute.evidence_details.submission_method = "manual";
    dispute.status = dispute.status.startsWith("warning_") ? "warning_under_review" : "under_review";
  }
  emitEvent(ctx, "charge.dispute.updated", dispute, changedAttributes(before, dispute));
  const text = dispute.evidence.uncategorized_text ?? "";
  if (submit && text.includes("winning_evidence")) closeDispute(ctx, dispute, "won");
  else if (submit && text.includes("losing_evidence")) closeDispute(ctx, dispute, "lost");
  return dispute;
}

export function registerDisputeRoutes(router: Router): void {
  router.get("/v1/disputes", (ctx, req) =>
    listByCharge<Stripe.Dispute>(ctx.store, "dispute", req.params, "/v1/disputes"),
  );
  router.get("/v1/disputes/:id", (ctx, req) => findDispute(ctx, pathId(req)));
  router.post("/v1/disputes/:id", (ctx, req) => updateDispute(ctx, findDispute(ctx, pathId(req)), req.params));
  router.post("/v1/disputes/:id/close", (ctx, req) => closeDispute(ctx, findDispute(ctx, pathId(req)), "lost"));
}
