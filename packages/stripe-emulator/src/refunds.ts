import type Stripe from "stripe";
import { createBalanceTransaction } from "./balance-transactions.js";
import { findCharge } from "./charges.js";
import type { EmulatorContext } from "./context.js";
import { formatAmount, validateAmountStep } from "./currencies.js";
import { settleEarlyFraudWarnings } from "./early-fraud-warnings.js";
import { invalidRequest, resourceMissing } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId, randomToken } from "./ids.js";
import { listByCharge, listOf, paginate } from "./list-pagination.js";
import { metadataOnCreate, metadataOnUpdate, optEnum, optString, positiveInt, rejectUnknown } from "./params.js";
import { findIntent } from "./payment-intents.js";
import { closeReviewOfCharge } from "./radar-reviews.js";
import { pathId, type Router } from "./router.js";

const CREATE_PARAMS = [
  "charge",
  "payment_intent",
  "amount",
  "reason",
  "metadata",
  "instructions_email",
  "refund_application_fee",
  "reverse_transfer",
  "origin",
  "currency",
  "customer",
];

export function findRefund(ctx: EmulatorContext, id: string, param = "id"): Stripe.Refund {
  return ctx.store.findOrMissing<Stripe.Refund>(id, "refund", param);
}

/** Amount refunded through refunds (excludes authorizations released at capture or cancel). */
function refundedByRefunds(ctx: EmulatorContext, charge: Stripe.Charge): number {
  return charge.amount_refunded - (ctx.store.charges.get(charge.id)?.released ?? 0);
}

function chargeToRefund(ctx: EmulatorContext, params: ParamObject): Stripe.Charge {
  const chargeId = optString(params, "charge");
  const intentId = optString(params, "payment_intent");
  if (chargeId) return findCharge(ctx, chargeId, "charge");
  if (!intentId) {
    throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", {
      code: "parameter_missing",
    });
  }
  const intent = findIntent(ctx, intentId, "payment_intent");
  const charge = intent.latest_charge
    ? ctx.store.find<Stripe.Charge>(String(intent.latest_charge), "charge")
    : undefined;
  if (charge?.status !== "succeeded") {
    throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
      param: "payment_intent",
    });
  }
  return charge;
}

function checkRefundable(ctx: EmulatorContext, charge: Stripe.Charge, amount: number | undefined): number {
  const dispute = ctx.store.all<Stripe.Dispute>("dispute").find((d) => d.charge === charge.id);
  if (dispute && !dispute.is_charge_refundable) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: "charge_disputed",
    });
  }
  if (charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} cannot be refunded because it has a status of ${charge.status}.`, {
      code: "charge_not_refundable",
    });
  }
  const ceiling = charge.captured ? charge.amount_captured : charge.amount;
  const remaining = ceiling - refundedByRefunds(ctx, charge);
  if (charge.refunded || remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  }
  const wanted = amount ?? remaining;
  if (wanted > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(wanted, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { param: "amount" },
    );
  }
  if (!charge.captured && wanted !== charge.amount) {
    throw invalidRequest(
      "You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount",
      { param: "amount" },
    );
  }
  validateAmountStep(wanted, charge.currency);
  return wanted;
}

export function createRefund(ctx: EmulatorContext, params: ParamObject): Stripe.Refund {
  rejectUnknown(params, CREATE_PARAMS);
  const charge = chargeToRefund(ctx, params);
  const amount = checkRefundable(ctx, charge, positiveInt(params, "amount"));
  const refund: Stripe.Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: ctx.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      card: {
        reference: randomToken(23),
        reference_status: "available",
        reference_type: "acquirer_reference_number",
        type: "refund",
      },
      type: "card",
    },
    metadata: metadataOnCreate(params),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: optEnum(params, "reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  // The pendingRefund test card's refunds wait for the network (settleRefund, later).
  if (ctx.store.charges.get(charge.id)?.card.refund === "pending-then-succeeded") {
    refund.status = "pending";
    refund.pending_reason = "processing";
  }
  ctx.store.insert(refund);
  if (charge.captured) {
    refund.balance_transaction = createBalanceTransaction(ctx, {
      amount: -amount,
      currency: charge.currency,
      type: "refund",
      reportingCategory: "refund",
      source: refund.id,
      description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
    }).id;
  }
  const before = {
    amount_refunded: charge.amount_refunded,
    refunded: charge.refunded,
    ...(refund.reason === "fraudulent" ? { fraud_details: charge.fraud_details } : {}),
  };
  // A refund as fraud is the merchant's report on the charge (`fraud_details.user_report`).
  if (refund.reason === "fraudulent") charge.fraud_details = { ...charge.fraud_details, user_report: "fraudulent" };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  emitEvent(ctx, "refund.created", refund);
  emitEvent(ctx, "charge.refunded", charge, before);
  closeReviewOfCharge(ctx, charge, refund.reason === "fraudulent" ? "refunded_as_fraud" : "refunded");
  settleEarlyFraudWarnings(ctx, charge);
  if (!charge.captured) cancelUncapturedIntent(ctx, charge);
  return refund;
}

/** Refunding an uncaptured PaymentIntent charge cancels the PaymentIntent. */
function cancelUncapturedIntent(ctx: EmulatorContext, charge: Stripe.Charge): void {
  const internals = ctx.store.charges.get(charge.id);
  if (internals) internals.released = charge.amount;
  if (!charge.payment_intent) return;
  const intent = findIntent(ctx, String(charge.payment_intent));
  intent.status = "canceled";
  intent.canceled_at = ctx.now();
  intent.amount_capturable = 0;
  emitEvent(ctx, "payment_intent.canceled", intent);
}

/** Emulates a refund the card network rejects later: funds come back to the balance. */
export function failRefund(ctx: EmulatorContext, id: string, reason = "expired_or_canceled_card"): Stripe.Refund {
  const refund = findRefund(ctx, id);
  if (refund.status !== "succeeded" && refund.status !== "pending") {
    throw invalidRequest(`Refund ${id} cannot fail because it has a status of ${refund.status}.`);
  }
  const before = structuredClone(refund);
  refund.status = "failed";
  refund.failure_reason = reason;
  delete refund.pending_reason;
  const changed = giveBack(ctx, refund, before, "REFUND FAILURE");
  emitEvent(ctx, "refund.updated", refund, changed);
  emitEvent(ctx, "refund.failed", refund, changed);
  emitEvent(ctx, "charge.refund.updated", refund, changed);
  return refund;
}

/**
 * A refund that did not reach the customer (failed or canceled): its amount is no longer refunded on the charge,
 * and what left the balance comes back as a `refund_failure` balance transaction. Returns the changed attributes.
 */
function giveBack(ctx: EmulatorContext, refund: Stripe.Refund, before: Stripe.Refund, what: string) {
  const charge = findCharge(ctx, String(refund.charge));
  if (refund.balance_transaction) {
    refund.failure_balance_transaction = createBalanceTransaction(ctx, {
      amount: refund.amount,
      currency: refund.currency,
      type: "refund_failure",
      reportingCategory: "refund_failure",
      source: refund.id,
      description: `${what} FOR CHARGE (${charge.id})`,
    }).id;
  }
  charge.amount_refunded -= refund.amount;
  charge.refunded = false;
  return changedAttributes(before, refund);
}

/** Emits the two events of a refund's status change (Stripe sends both for every change of a charge's refund). */
function refundChanged(ctx: EmulatorContext, refund: Stripe.Refund, before: Stripe.Refund): Stripe.Refund {
  const changed = changedAttributes(before, refund);
  emitEvent(ctx, "refund.updated", refund, changed);
  emitEvent(ctx, "charge.refund.updated", refund, changed);
  return refund;
}

/**
 * The later moment of a refund test card (docs.stripe.com/testing#refunds), which Stripe reaches on its own and
 * the emulator when told (`POST /_emulator/refunds/:id/settle`): the pendingRefund card's pending refund succeeds,
 * the refundFail card's succeeded refund fails (funds back to the balance).
 */
export function settleRefund(ctx: EmulatorContext, id: string): Stripe.Refund {
  const refund = findRefund(ctx, id);
  if (refund.status === "pending") {
    const before = structuredClone(refund);
    refund.status = "succeeded";
    delete refund.pending_reason;
    return refundChanged(ctx, refund, before);
  }
  const card = ctx.store.charges.get(String(refund.charge))?.card;
  if (refund.status === "succeeded" && card?.refund === "succeeded-then-failed") return failRefund(ctx, id);
  throw invalidRequest(`Refund ${id} has nothing left to settle: its status is ${refund.status}.`);
}

/** Every refund a test card still has a later moment for, settled (`POST /_emulator/refunds/settle`). */
export function settleOutstandingRefunds(ctx: EmulatorContext): Stripe.Refund[] {
  const outstanding = ctx.store.all<Stripe.Refund>("refund").filter((r) => {
    if (r.status === "pending") return true;
    const card = ctx.store.charges.get(String(r.charge))?.card;
    return r.status === "succeeded" && card?.refund === "succeeded-then-failed";
  });
  return outstanding.map((r) => settleRefund(ctx, r.id));
}

/** How long the customer has to give the details a requires_action refund waits for. */
const refundActionWindowSeconds = 45 * 24 * 3600;

/**
 * A pending refund that needs the customer's details (Stripe's `requires_action`, for payment methods without
 * native refund support: instructions are e-mailed), for `POST /_emulator/refunds/:id/require_action`.
 */
export function requireRefundAction(ctx: EmulatorContext, id: string, email: string): Stripe.Refund {
  const refund = findRefund(ctx, id);
  if (refund.status !== "pending")
    throw invalidRequest(`Refund ${id} cannot require action because it has a status of ${refund.status}.`);
  const before = structuredClone(refund);
  refund.status = "requires_action";
  delete refund.pending_reason;
  refund.instructions_email = email;
  refund.next_action = {
    type: "display_details",
    display_details: {
      email_sent: { email_sent_at: ctx.now(), email_sent_to: email },
      expires_at: ctx.now() + refundActionWindowSeconds,
    },
  };
  return refundChanged(ctx, refund, before);
}

/** POST /v1/refunds/:id/cancel: only a refund in `requires_action` can be canceled; its funds come back. */
function cancelRefund(ctx: EmulatorContext, id: string): Stripe.Refund {
  const refund = findRefund(ctx, id);
  if (refund.status !== "requires_action")
    throw invalidRequest(`Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}.`, {
      code: "refund_not_cancelable",
    });
  const before = structuredClone(refund);
  refund.status = "canceled";
  delete refund.next_action;
  giveBack(ctx, refund, before, "REFUND CANCELED");
  return refundChanged(ctx, refund, before);
}

function updateRefund(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.Refund {
  rejectUnknown(params, ["metadata"]);
  const refund = findRefund(ctx, id);
  const before = structuredClone(refund);
  refund.metadata = metadataOnUpdate(refund.metadata, params);
  const changed = changedAttributes(before, refund);
  if (Object.keys(changed).length > 0) {
    emitEvent(ctx, "refund.updated", refund, changed);
    emitEvent(ctx, "charge.refund.updated", refund, changed);
  }
  return refund;
}

export function refundsOfCharge(ctx: EmulatorContext, chargeId: string): Stripe.Refund[] {
  return ctx.store.all<Stripe.Refund>("refund").filter((r) => r.charge === chargeId);
}

/** `expand[]=refunds` on a charge. */
export function chargeRefundsList(ctx: EmulatorContext, charge: { id?: unknown }) {
  const id = String(charge.id);
  return listOf(refundsOfCharge(ctx, id).reverse(), `/v1/charges/${id}/refunds`);
}

export function registerRefundRoutes(router: Router): void {
  router.post("/v1/refunds", (ctx, req) => createRefund(ctx, req.params));
  router.get("/v1/refunds", (ctx, req) => listByCharge<Stripe.Refund>(ctx.store, "refund", req.params, "/v1/refunds"));
  router.get("/v1/refunds/:id", (ctx, req) => findRefund(ctx, pathId(req)));
  router.post("/v1/refunds/:id", (ctx, req) => updateRefund(ctx, pathId(req), req.params));
  router.post("/v1/refunds/:id/cancel", (ctx, req) => cancelRefund(ctx, pathId(req)));
  router.post("/v1/charges/:id/refunds", (ctx, req) =>
    createRefund(ctx, { ...req.params, charge: findCharge(ctx, pathId(req), "id").id }),
  );
  router.post("/v1/charges/:id/refund", (ctx, req) => {
    const charge = findCharge(ctx, pathId(req), "id");
    createRefund(ctx, { ...req.params, charge: charge.id });
    return charge;
  });
  router.get("/v1/charges/:id/refunds", (ctx, req) => {
    const charge = findCharge(ctx, pathId(req), "id");
    return paginate(ctx.store, refundsOfCharge(ctx, charge.id), req.params, `/v1/charges/${charge.id}/refunds`);
  });
  router.get("/v1/charges/:id/refunds/:refund", (ctx, req) => {
    const refund = findRefund(ctx, pathId(req, "refund"));
    if (refund.charge !== pathId(req)) throw resourceMissing("refund", refund.id);
    return refund;
  });
}
