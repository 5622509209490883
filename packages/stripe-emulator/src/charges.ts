import type Stripe from "stripe";
import { shippingFrom } from "./addresses.js";
import { cardAvailableOn, createBalanceTransaction } from "./balance-transactions.js";
import type { EmulatorContext } from "./context.js";
import { parseCurrency, validateChargeAmount } from "./currencies.js";
import { openDispute } from "./disputes.js";
import { raiseEarlyFraudWarning } from "./early-fraud-warnings.js";
import { docUrl, invalidRequest, resourceMissing, StripeApiError } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import { cardProcessingFee } from "./fees.js";
import type { ParamObject } from "./form-decoding.js";
import { newId, randomToken } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optBool,
  optInt,
  optNullableString,
  optString,
  rejectUnknown,
  reqInt,
  reqString,
} from "./params.js";
import { cardFingerprint } from "./payment-methods.js";
import { openReview } from "./radar-reviews.js";
import { pathId, type Router } from "./router.js";
import { CARD_EXPIRY, displayBrand, type TestCard, testCardFor } from "./test-cards.js";

export interface AuthorizationInput {
  amount: number;
  currency: string;
  card: TestCard;
  paymentMethodId: string;
  customer: string | null;
  paymentIntent: string | null;
  capture: boolean;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  shipping: Stripe.Charge.Shipping | null;
  /** The legacy `source` card for Charges-API payments. */
  source: Stripe.Card | null;
  threeDSecure: boolean;
  /** The PaymentMethod's `billing_details`, copied onto the charge; the address checks run on it. */
  billingDetails?: Stripe.PaymentMethod.BillingDetails;
}

/** A manual-capture card authorization expires seven days after it is made (customer-initiated). */
export const AUTHORIZATION_VALIDITY_SECONDS = 7 * 24 * 60 * 60;

/** The issuer checks what it was given: no line 1 or postal code on file, no check (null). */
function cardChecks(
  card: TestCard,
  billing: Stripe.Charge.BillingDetails,
): Stripe.Charge.PaymentMethodDetails.Card.Checks {
  const address = billing.address;
  return {
    address_line1_check: address?.line1 ? card.addressLine1Check : null,
    address_postal_code_check: address?.postal_code ? card.postalCodeCheck : null,
    cvc_check: card.cvcCheck,
  };
}

function outcomeFor(card: TestCard): Stripe.Charge.Outcome {
  const base = {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    risk_level: card.riskLevel,
    risk_score: card.riskScore,
  };
  if (card.decline) {
    return {
      ...base,
      advice_code: card.decline.outcomeType === "blocked" ? "do_not_try_again" : "try_again_later",
      network_status: card.decline.networkStatus,
      reason: card.decline.reason,
      rule: card.decline.outcomeType === "blocked" ? "block_if_high_risk" : undefined,
      seller_message: card.decline.sellerMessage,
      type: card.decline.outcomeType,
    };
  }
  if (card.riskLevel === "elevated") {
    return {
      ...base,
      network_status: "approved_by_network",
      reason: "elevated_risk_level",
      rule: "manual_review_if_elevated_risk",
      seller_message:
        "Stripe evaluated this payment as having elevated risk, and placed it in your manual review queue.",
      type: "manual_review",
    };
  }
  return {
    ...base,
    network_status: "approved_by_network",
    reason: null,
    seller_message: "Payment complete.",
    type: "authorized",
  };
}

function cardDetails(
  ctx: EmulatorContext,
  card: TestCard,
  input: AuthorizationInput,
  billing: Stripe.Charge.BillingDetails,
): Stripe.Charge.PaymentMethodDetails.Card {
  const approved = !card.decline;
  return {
    ...(approved && !input.capture ? { capture_before: ctx.now() + AUTHORIZATION_VALIDITY_SECONDS } : {}),
    amount_authorized: approved ? input.amount : null,
    authorization_code: approved ? randomToken(6).toUpperCase() : null,
    brand: card.brand,
    checks: cardChecks(card, billing),
    country: card.country,
    electronic_commerce_indicator: null,
    exp_month: CARD_EXPIRY.month,
    exp_year: CARD_EXPIRY.year,
    extended_authorization: { status: "disabled" },
    fingerprint: cardFingerprint(card),
    funding: card.funding,
    incremental_authorization: { status: "unavailable" },
    installments: null,
    last4: card.last4,
    mandate: null,
    multicapture: { status: "unavailable" },
    network: card.brand,
    network_token: { used: false },
    network_transaction_id: approved ? randomToken(15) : null,
    overcapture: { maximum_amount_capturable: input.amount, status: "unavailable" },
    regulated_status: "unregulated",
    three_d_secure: input.threeDSecure
      ? {
          authentication_flow: "challenge",
          electronic_commerce_indicator: "05",
          exemption_indicator: null,
          result: "authenticated",
          result_reason: null,
          transaction_id: crypto.randomUUID(),
          version: "2.2.0",
        }
      : null,
    transaction_link_id: null,
    wallet: null,
  };
}

/** Records the captured funds: gross amount, card fee, net available after the payout delay. */
function recordCapture(ctx: EmulatorContext, charge: Stripe.Charge, captured: number): void {
  const txn = createBalanceTransaction(ctx, {
    amount: charge.amount,
    currency: charge.currency,
    type: "charge",
    reportingCategory: "charge",
    source: charge.id,
    description: charge.description,
    fee: { amount: cardProcessingFee(captured, charge.currency), description: "Stripe processing fees" },
    availableOn: cardAvailableOn(ctx.now()),
  });
  charge.balance_transaction = txn.id;
  const released = charge.amount - captured;
  if (released > 0) {
    createBalanceTransaction(ctx, {
      amount: -released,
      currency: charge.currency,
      type: "refund",
      reportingCategory: "partial_capture_reversal",
      source: charge.id,
      description: "Partial capture reversal",
      availableOn: txn.available_on,
    });
  }
}

/** Authorizes (and optionally captures) a card payment, storing the charge whatever the outcome. */
export function authorizeCard(ctx: EmulatorContext, input: AuthorizationInput): Stripe.Charge {
  const card = input.card;
  const failed = card.decline !== undefined;
  const billing: Stripe.Charge.BillingDetails = structuredClone(
    input.billingDetails ?? { address: null, email: null, name: null, phone: null, tax_id: null },
  );
  const charge: Stripe.Charge = {
    id: newId("ch"),
    object: "charge",
    amount: input.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: billing,
    calculated_statement_descriptor: input.statementDescriptor ?? "EMULATOR",
    captured: false,
    created: ctx.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? (card.decline?.code ?? null) : null,
    failure_message: failed ? (card.decline?.message ?? null) : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...input.metadata },
    on_behalf_of: null,
    outcome: outcomeFor(card),
    paid: !failed,
    payment_intent: input.paymentIntent,
    payment_method: input.paymentMethodId,
    payment_method_details: { card: cardDetails(ctx, card, input, billing), type: "card" },
    radar_options: {},
    receipt_email: input.receiptEmail,
    receipt_number: null,
    receipt_url: failed ? null : `https://pay.stripe.com/receipts/emulator/${randomToken(24)}`,
    refunded: false,
    review: null,
    shipping: input.shipping,
    source: input.source,
    source_transfer: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: failed ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert(charge);
  ctx.store.charges.set(charge.id, { card, released: 0 });
  if (failed) {
    emitEvent(ctx, "charge.failed", charge);
    return charge;
  }
  if (input.capture) {
    charge.captured = true;
    charge.amount_captured = charge.amount;
    recordCapture(ctx, charge, charge.amount);
  }
  emitEvent(ctx, "charge.succeeded", charge);
  if (charge.outcome?.type === "manual_review") openReview(ctx, charge);
  return charge;
}

/** Captures an authorized charge; the uncaptured remainder is released (shown as `amount_refunded`). */
export function captureCharge(ctx: EmulatorContext, charge: Stripe.Charge, amount: number): void {
  const internals = ctx.store.charges.get(charge.id);
  const released = charge.amount - amount;
  charge.captured = true;
  charge.amount_captured = amount;
  charge.amount_refunded += released;
  if (internals) internals.released = released;
  if (charge.payment_method_details?.card) charge.payment_method_details.card.amount_authorized = charge.amount;
  recordCapture(ctx, charge, amount);
  emitEvent(ctx, "charge.captured", charge);
}

/**
 * What a test card promises after its successful capture: the dispute of a dispute card, the issuer's early
 * fraud warning of `createIssuerFraudRecord`.
 */
export function disputeIfTestCardSaysSo(ctx: EmulatorContext, charge: Stripe.Charge): void {
  const card = ctx.store.charges.get(charge.id)?.card;
  if (!card || !charge.captured || charge.status !== "succeeded") return;
  if (card.earlyFraudWarning) raiseEarlyFraudWarning(ctx, charge, card.earlyFraudWarning);
  if (card.dispute) openDispute(ctx, charge, { reason: card.dispute.reason, inquiry: card.dispute.inquiry });
}

export function findCharge(ctx: EmulatorContext, id: string, param = "charge"): Stripe.Charge {
  return ctx.store.findOrMissing<Stripe.Charge>(id, "charge", param);
}

export function cardDeclineError(
  charge: Stripe.Charge,
  card: TestCard,
  extra: { payment_intent?: unknown; payment_method?: unknown } = {},
) {
  const decline = card.decline;
  if (!decline) throw new Error("not a declined card");
  return new StripeApiError(402, {
    type: "card_error",
    code: decline.code,
    decline_code: decline.declineCode ?? undefined,
    message: decline.message,
    doc_url: docUrl(decline.code),
    param: decline.param,
    charge: charge.id,
    advice_code: charge.outcome?.advice_code ?? undefined,
    ...extra,
  });
}

function legacySourceCard(card: TestCard): Stripe.Card {
  return {
    id: newId("card"),
    object: "card",
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: null,
    brand: displayBrand(card.brand),
    country: card.country,
    customer: null,
    cvc_check: card.cvcCheck,
    dynamic_last4: null,
    exp_month: CARD_EXPIRY.month,
    exp_year: CARD_EXPIRY.year,
    fingerprint: cardFingerprint(card),
    funding: card.funding,
    last4: card.last4,
    metadata: {},
    name: null,
    regulated_status: "unregulated",
    tokenization_method: null,
  };
}

const LEGACY_CREATE_PARAMS = [
  "amount",
  "currency",
  "source",
  "customer",
  "capture",
  "description",
  "metadata",
  "receipt_email",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "shipping",
  "transfer_group",
  "on_behalf_of",
];

/** The legacy Charges API (`charges.create({ source: 'tok_visa' })`). */
function createLegacyCharge(ctx: EmulatorContext, params: ParamObject): Stripe.Charge {
  rejectUnknown(params, LEGACY_CREATE_PARAMS);
  const amount = reqInt(params, "amount");
  const currency = parseCurrency(reqString(params, "currency"));
  validateChargeAmount(amount, currency);
  const token = optString(params, "source");
  if (!token) throw invalidRequest("Must provide source or customer.", { code: "parameter_missing" });
  const card = testCardFor(token);
  if (!card || !token.startsWith("tok_")) throw resourceMissing("token", token, "source");
  const source = legacySourceCard(card);
  const charge = authorizeCard(ctx, {
    amount,
    currency,
    card,
    paymentMethodId: source.id,
    customer: optString(params, "customer") ?? null,
    paymentIntent: null,
    capture: optBool(params, "capture") ?? true,
    description: optString(params, "description") ?? null,
    metadata: metadataOnCreate(params),
    receiptEmail: optString(params, "receipt_email") ?? null,
    statementDescriptor: optString(params, "statement_descriptor") ?? null,
    statementDescriptorSuffix: optString(params, "statement_descriptor_suffix") ?? null,
    shipping: shippingFrom(params) ?? null,
    source,
    threeDSecure: false,
  });
  if (card.decline) throw cardDeclineError(charge, card);
  disputeIfTestCardSaysSo(ctx, charge);
  return charge;
}

function captureLegacyCharge(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.Charge {
  const charge = findCharge(ctx, id, "charge");
  if (charge.payment_intent) {
    throw invalidRequest(
      `This charge belongs to the PaymentIntent ${charge.payment_intent}; capture the PaymentIntent instead.`,
      { code: "charge_not_capturable" },
    );
  }
  if (charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has already been captured.`, { code: "charge_already_captured" });
  }
  if (charge.status !== "succeeded" || charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} cannot be captured because it has a status of ${charge.status}.`, {
      code: "charge_not_capturable",
    });
  }
  const amount = optInt(params, "amount") ?? charge.amount;
  if (amount > charge.amount) {
    throw invalidRequest("Amount to capture is greater than the amount authorized.", {
      code: "amount_too_large",
      param: "amount",
    });
  }
  validateChargeAmount(amount, charge.currency);
  captureCharge(ctx, charge, amount);
  disputeIfTestCardSaysSo(ctx, charge);
  return charge;
}

function updateCharge(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.Charge {
  rejectUnknown(params, ["description", "metadata", "receipt_email", "shipping", "fraud_details", "transfer_group"]);
  const charge = findCharge(ctx, id, "id");
  const before = structuredClone(charge);
  const description = optNullableString(params, "description");
  if (description !== undefined) charge.description = description;
  const email = optNullableString(params, "receipt_email");
  if (email !== undefined) charge.receipt_email = email;
  charge.metadata = metadataOnUpdate(charge.metadata, params);
  const changed = changedAttributes(before, charge);
  if (Object.keys(changed).length > 0) emitEvent(ctx, "charge.updated", charge, changed);
  return charge;
}

export function registerChargeRoutes(router: Router): void {
  router.post("/v1/charges", (ctx, req) => createLegacyCharge(ctx, req.params));
  router.get("/v1/charges", (ctx, req) => {
    const customer = optString(req.params, "customer");
    const paymentIntent = optString(req.params, "payment_intent");
    const charges = ctx.store
      .all<Stripe.Charge>("charge")
      .filter(
        (c) =>
          (customer === undefined || c.customer === customer) &&
          (paymentIntent === undefined || c.payment_intent === paymentIntent) &&
          matchesRange(c.created, req.params, "created"),
      );
    return paginate(ctx.store, charges, req.params, "/v1/charges");
  });
  router.get("/v1/charges/:id", (ctx, req) => findCharge(ctx, pathId(req), "id"));
  router.post("/v1/charges/:id", (ctx, req) => updateCharge(ctx, pathId(req), req.params));
  router.post("/v1/charges/:id/capture", (ctx, req) => captureLegacyCharge(ctx, pathId(req), req.params));
}
