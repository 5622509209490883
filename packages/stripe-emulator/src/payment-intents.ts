import type Stripe from "stripe";
import { shippingFrom } from "./addresses.js";
import { authorizeCard, captureCharge, cardDeclineError, disputeIfTestCardSaysSo } from "./charges.js";
import type { EmulatorContext } from "./context.js";
import { parseCurrency, validateChargeAmount } from "./currencies.js";
import { findCustomer } from "./customers.js";
import { settleEarlyFraudWarnings } from "./early-fraud-warnings.js";
import { docUrl, invalidRequest, type StripeApiError } from "./errors.js";
import { emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId, randomToken } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optBool,
  optEnum,
  optInt,
  optNullableString,
  optString,
  rejectUnknown,
  reqInt,
  reqString,
} from "./params.js";
import { attachPaymentMethod, cardOf, resolvePaymentMethod } from "./payment-methods.js";
import { closeReviewOfCharge } from "./radar-reviews.js";
import { pathId, type Router } from "./router.js";
import type { TestCard } from "./test-cards.js";

const CONFIRM_PARAMS = [
  "payment_method",
  "return_url",
  "off_session",
  "error_on_requires_action",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "use_stripe_sdk",
  "payment_method_options",
  "payment_method_types",
  "capture_method",
  "mandate_data",
  "radar_options",
  "confirmation_token",
  "payment_method_data",
];
const CREATE_PARAMS = [
  ...CONFIRM_PARAMS,
  "amount",
  "currency",
  "customer",
  "description",
  "metadata",
  "confirm",
  "confirmation_method",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "automatic_payment_methods",
  "allowed_payment_method_types",
  "excluded_payment_method_types",
  "transfer_group",
  "on_behalf_of",
  "application_fee_amount",
  "transfer_data",
  "payment_method_configuration",
];
const UPDATE_PARAMS = [
  "amount",
  "currency",
  "customer",
  "description",
  "metadata",
  "payment_method",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "capture_method",
  "payment_method_options",
  "transfer_group",
  "application_fee_amount",
];
const CONFIRMABLE: Stripe.PaymentIntent.Status[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];
const CANCELABLE: Stripe.PaymentIntent.Status[] = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];

export function findIntent(ctx: EmulatorContext, id: string, param = "intent"): Stripe.PaymentIntent {
  return ctx.store.findOrMissing<Stripe.PaymentIntent>(id, "payment_intent", param);
}

function unexpectedState(action: string, intent: Stripe.PaymentIntent, allowed: readonly string[]): StripeApiError {
  return invalidRequest(
    `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action === "cancel" ? "canceled" : `${action}ed`}: ${allowed.join(", ")}.`,
    { code: "payment_intent_unexpected_state" },
  );
}

function withPaymentIntent(error: StripeApiError, intent: Stripe.PaymentIntent): StripeApiError {
  error.body.payment_intent = structuredClone(intent);
  return error;
}

export interface NewIntent {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  captureMethod: Stripe.PaymentIntent.CaptureMethod;
  description: string | null;
  metadata: Record<string, string>;
  offSession: boolean;
  /** Invoices create their PaymentIntents at the customer's (test clock) time. */
  created?: number;
}

/** Creates a PaymentIntent in `requires_payment_method` or `requires_confirmation`. */
export function createIntent(ctx: EmulatorContext, input: NewIntent, params: ParamObject = {}): Stripe.PaymentIntent {
  const id = newId("pi");
  const pm = input.paymentMethod ? resolvePaymentMethod(ctx, input.paymentMethod) : null;
  const intent: Stripe.PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.captureMethod,
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: "automatic",
    created: input.created ?? ctx.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: optString(params, "receipt_email") ?? null,
    review: null,
    setup_future_usage: optEnum(params, "setup_future_usage", ["on_session", "off_session"]) ?? null,
    shipping: shippingFrom(params) ?? null,
    source: null,
    statement_descriptor: optString(params, "statement_descriptor") ?? null,
    statement_descriptor_suffix: optString(params, "statement_descriptor_suffix") ?? null,
    status: pm ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  ctx.store.insert(intent);
  ctx.store.intentOptions.set(id, { offSession: input.offSession, returnUrl: null, errorOnRequiresAction: false });
  emitEvent(ctx, "payment_intent.created", intent);
  return intent;
}

/** `POST /v1/payment_intents`: creates (and with `confirm`, confirms) a PaymentIntent from request parameters. */
export function createFromParams(ctx: EmulatorContext, params: ParamObject): Stripe.PaymentIntent {
  rejectUnknown(params, CREATE_PARAMS);
  const amount = reqInt(params, "amount");
  const currency = parseCurrency(reqString(params, "currency"));
  validateChargeAmount(amount, currency);
  const customer = optString(params, "customer");
  if (customer) findCustomer(ctx, customer);
  const intent = createIntent(
    ctx,
    {
      amount,
      currency,
      customer: customer ?? null,
      paymentMethod: optString(params, "payment_method") ?? null,
      captureMethod: optEnum(params, "capture_method", ["automatic", "automatic_async", "manual"]) ?? "automatic_async",
      description: optString(params, "description") ?? null,
      metadata: metadataOnCreate(params),
      offSession: false,
    },
    params,
  );
  if (optBool(params, "confirm")) return confirmIntent(ctx, intent, params, true);
  return intent;
}

function readConfirmOptions(ctx: EmulatorContext, intent: Stripe.PaymentIntent, params: ParamObject): void {
  const options = ctx.store.intentOptions.get(intent.id) ?? {
    offSession: false,
    returnUrl: null,
    errorOnRequiresAction: false,
  };
  const offSession =
    params.off_session === "true" || params.off_session === "one_off" || params.off_session === "recurring";
  if (params.off_session !== undefined) options.offSession = offSession;
  options.returnUrl = optString(params, "return_url") ?? options.returnUrl;
  options.errorOnRequiresAction = optBool(params, "error_on_requires_action") ?? options.errorOnRequiresAction;
  ctx.store.intentOptions.set(intent.id, options);
  const receipt = optString(params, "receipt_email");
  if (receipt !== undefined) intent.receipt_email = receipt;
  const shipping = shippingFrom(params);
  if (shipping !== undefined) intent.shipping = shipping;
  const setupFutureUsage = optEnum(params, "setup_future_usage", ["on_session", "off_session"]);
  if (setupFutureUsage !== undefined) intent.setup_future_usage = setupFutureUsage;
  const captureMethod = optEnum(params, "capture_method", ["automatic", "automatic_async", "manual"]);
  if (captureMethod !== undefined) intent.capture_method = captureMethod;
}

function choosePaymentMethod(
  ctx: EmulatorContext,
  intent: Stripe.PaymentIntent,
  params: ParamObject,
): Stripe.PaymentMethod {
  const requested = optString(params, "payment_method");
  if (requested) intent.payment_method = resolvePaymentMethod(ctx, requested).id;
  if (!intent.payment_method) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can update the PaymentIntent with a payment method and then confirm it again.",
      { code: "payment_intent_unexpected_state" },
    );
  }
  const pm = resolvePaymentMethod(ctx, String(intent.payment_method));
  if (pm.customer && pm.customer !== intent.customer) {
    throw invalidRequest(
      `The provided PaymentMethod belongs to a customer (${pm.customer}); pass that customer on the PaymentIntent to use it.`,
      { param: "payment_method", code: "payment_intent_invalid_parameter" },
    );
  }
  return pm;
}

const AUTHENTICATION_REQUIRED_DECLINE = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
  outcomeType: "issuer_declined" as const,
  networkStatus: "declined_by_network" as const,
  reason: "authentication_required",
  sellerMessage: "The bank returned the decline code `authentication_required`.",
};

function requireAction(ctx: EmulatorContext, intent: Stripe.PaymentIntent): Stripe.PaymentIntent {
  const returnUrl = ctx.store.intentOptions.get(intent.id)?.returnUrl ?? null;
  const authenticateUrl = `${ctx.baseUrl}/_emulator/3ds/${intent.id}`;
  intent.status = "requires_action";
  intent.next_action = returnUrl
    ? { type: "redirect_to_url", redirect_to_url: { return_url: returnUrl, url: authenticateUrl } }
    : {
        type: "use_stripe_sdk",
        use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: authenticateUrl, source: newId("src") },
      };
  emitEvent(ctx, "payment_intent.requires_action", intent);
  return intent;
}

/**
 * Confirms a PaymentIntent. A decline leaves it in `requires_payment_method` with `last_payment_error`
 * and answers 402 with the PaymentIntent in the error, as Stripe does.
 */
export function confirmIntent(
  ctx: EmulatorContext,
  intent: Stripe.PaymentIntent,
  params: ParamObject,
  fromCreate = false,
): Stripe.PaymentIntent {
  if (!fromCreate) rejectUnknown(params, CONFIRM_PARAMS);
  if (!CONFIRMABLE.includes(intent.status)) {
    if (intent.status === "succeeded") {
      throw invalidRequest(
        "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.",
        { code: "payment_intent_unexpected_state" },
      );
    }
    throw unexpectedState("confirm", intent, CONFIRMABLE);
  }
  readConfirmOptions(ctx, intent, params);
  const pm = choosePaymentMethod(ctx, intent, params);
  const card = cardOf(ctx, pm.id);
  intent.next_action = null;
  const options = ctx.store.intentOptions.get(intent.id);
  if (card.requiresAuthentication) {
    if (options?.offSession)
      return authorize(ctx, intent, pm, { ...card, decline: AUTHENTICATION_REQUIRED_DECLINE }, false, true);
    if (options?.errorOnRequiresAction) {
      throw invalidRequest(
        "This payment required an authentication action to complete, but `error_on_requires_action` was set.",
        {
          code: "authentication_required",
        },
      );
    }
    return requireAction(ctx, intent);
  }
  return authorize(ctx, intent, pm, card, false, true);
}

/** Runs the card authorization for a confirmed PaymentIntent and moves it to its next status. */
function authorize(
  ctx: EmulatorContext,
  intent: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  card: TestCard,
  threeDSecure: boolean,
  throwOnDecline: boolean,
): Stripe.PaymentIntent {
  const charge = authorizeCard(ctx, {
    amount: intent.amount,
    currency: intent.currency,
    card,
    paymentMethodId: pm.id,
    customer: typeof intent.customer === "string" ? intent.customer : null,
    paymentIntent: intent.id,
    capture: intent.capture_method !== "manual",
    description: intent.description,
    metadata: intent.metadata,
    receiptEmail: intent.receipt_email,
    statementDescriptor: intent.statement_descriptor,
    statementDescriptorSuffix: intent.statement_descriptor_suffix,
    shipping: intent.shipping,
    source: null,
    threeDSecure,
    billingDetails: pm.billing_details,
  });
  intent.latest_charge = charge.id;
  intent.review = charge.review;
  if (card.decline) {
    const error = cardDeclineError(charge, card, { payment_method: structuredClone(pm) });
    intent.status = "requires_payment_method";
    intent.payment_method = null;
    intent.last_payment_error = {
      advice_code: error.body.advice_code,
      charge: charge.id,
      code: error.body.code,
      decline_code: error.body.decline_code,
      doc_url: error.body.doc_url,
      message: error.body.message,
      param: error.body.param,
      payment_method: structuredClone(pm),
      type: "card_error",
    };
    emitEvent(ctx, "payment_intent.payment_failed", intent);
    if (throwOnDecline) throw withPaymentIntent(error, intent);
    return intent;
  }
  intent.last_payment_error = null;
  if (intent.setup_future_usage && typeof intent.customer === "string" && !pm.customer) {
    attachPaymentMethod(ctx, pm.id, intent.customer);
  } else if (!pm.customer) {
    ctx.store.consumedPaymentMethods.add(pm.id);
  }
  if (intent.capture_method === "manual") {
    intent.status = "requires_capture";
    intent.amount_capturable = intent.amount;
    emitEvent(ctx, "payment_intent.amount_capturable_updated", intent);
  } else {
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    emitEvent(ctx, "payment_intent.succeeded", intent);
  }
  disputeIfTestCardSaysSo(ctx, charge);
  return intent;
}

/** Completes (or fails) the 3-D Secure challenge of a PaymentIntent in `requires_action`. */
export function completeAuthentication(ctx: EmulatorContext, id: string, succeed: boolean): Stripe.PaymentIntent {
  const intent = findIntent(ctx, id, "id");
  if (intent.status !== "requires_action") {
    throw invalidRequest(`PaymentIntent ${id} is not awaiting authentication (status ${intent.status}).`, {
      code: "payment_intent_unexpected_state",
    });
  }
  const pm = resolvePaymentMethod(ctx, String(intent.payment_method));
  intent.next_action = null;
  if (succeed) return authorize(ctx, intent, pm, { ...cardOf(ctx, pm.id), requiresAuthentication: false }, true, false);
  intent.status = "requires_payment_method";
  intent.payment_method = null;
  intent.last_payment_error = {
    code: "payment_intent_authentication_failure",
    doc_url: docUrl("payment_intent_authentication_failure"),
    message:
      "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    payment_method: structuredClone(pm),
    type: "invalid_request_error",
  };
  emitEvent(ctx, "payment_intent.payment_failed", intent);
  return intent;
}

function captureIntent(ctx: EmulatorContext, intent: Stripe.PaymentIntent, params: ParamObject): Stripe.PaymentIntent {
  rejectUnknown(params, [
    "amount_to_capture",
    "metadata",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "application_fee_amount",
    "final_capture",
    "transfer_data",
  ]);
  if (intent.status !== "requires_capture") {
    throw invalidRequest(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  const amount = optInt(params, "amount_to_capture") ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${intent.amount_capturable}).`,
      { code: "amount_too_large", param: "amount_to_capture" },
    );
  }
  validateChargeAmount(amount, intent.currency, "amount_to_capture");
  intent.metadata = metadataOnUpdate(intent.metadata, params);
  const charge = ctx.store.find<Stripe.Charge>(String(intent.latest_charge), "charge");
  if (!charge) throw new Error(`PaymentIntent ${intent.id} has no charge to capture`);
  captureCharge(ctx, charge, amount);
  intent.status = "succeeded";
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  emitEvent(ctx, "payment_intent.succeeded", intent);
  disputeIfTestCardSaysSo(ctx, charge);
  return intent;
}

function cancelIntent(ctx: EmulatorContext, intent: Stripe.PaymentIntent, params: ParamObject): Stripe.PaymentIntent {
  rejectUnknown(params, ["cancellation_reason"]);
  if (!CANCELABLE.includes(intent.status)) throw unexpectedState("cancel", intent, CANCELABLE);
  const reason = optEnum(params, "cancellation_reason", [
    "duplicate",
    "fraudulent",
    "requested_by_customer",
    "abandoned",
  ]);
  return cancelNow(ctx, intent, reason ?? null);
}

/**
 * Cancels a PaymentIntent (on request, or by Stripe: `automatic` when its authorization expired). An
 * uncaptured authorization is released and a review open on it closes as `canceled`.
 */
export function cancelNow(
  ctx: EmulatorContext,
  intent: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
): Stripe.PaymentIntent {
  if (intent.status === "requires_capture") releaseAuthorization(ctx, String(intent.latest_charge));
  intent.status = "canceled";
  intent.canceled_at = ctx.now();
  intent.cancellation_reason = reason;
  intent.amount_capturable = 0;
  intent.next_action = null;
  emitEvent(ctx, "payment_intent.canceled", intent);
  return intent;
}

/** Cancelling an uncaptured payment releases the whole authorization (shown as refunded). */
function releaseAuthorization(ctx: EmulatorContext, chargeId: string): void {
  const charge = ctx.store.find<Stripe.Charge>(chargeId, "charge");
  if (!charge) return;
  const before = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded = charge.amount;
  charge.refunded = true;
  const internals = ctx.store.charges.get(charge.id);
  if (internals) internals.released = charge.amount;
  emitEvent(ctx, "charge.refunded", charge, before);
  closeReviewOfCharge(ctx, charge, "canceled");
  settleEarlyFraudWarnings(ctx, charge);
}

function updateIntent(ctx: EmulatorContext, intent: Stripe.PaymentIntent, params: ParamObject): Stripe.PaymentIntent {
  rejectUnknown(params, UPDATE_PARAMS);
  const structural = ["amount", "currency", "customer", "payment_method", "capture_method"].some((k) => k in params);
  if (structural && !CONFIRMABLE.includes(intent.status)) {
    throw invalidRequest(
      `This PaymentIntent's ${Object.keys(params).join(", ")} could not be updated because it has a status of ${intent.status}. You may only update the ${Object.keys(params).join(", ")} of a PaymentIntent with one of the following statuses: ${CONFIRMABLE.join(", ")}.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  const currencyParam = optString(params, "currency");
  if (currencyParam) intent.currency = parseCurrency(currencyParam);
  const amount = optInt(params, "amount");
  if (amount !== undefined) intent.amount = amount;
  if (amount !== undefined || currencyParam) validateChargeAmount(intent.amount, intent.currency);
  const customer = optString(params, "customer");
  if (customer) intent.customer = findCustomer(ctx, customer).id;
  const pmId = optString(params, "payment_method");
  if (pmId) {
    intent.payment_method = resolvePaymentMethod(ctx, pmId).id;
    intent.status = "requires_confirmation";
  }
  const captureMethod = optEnum(params, "capture_method", ["automatic", "automatic_async", "manual"]);
  if (captureMethod) intent.capture_method = captureMethod;
  for (const key of ["description", "receipt_email", "statement_descriptor", "statement_descriptor_suffix"] as const) {
    const value = optNullableString(params, key);
    if (value !== undefined) intent[key] = value;
  }
  const shipping = shippingFrom(params);
  if (shipping !== undefined) intent.shipping = shipping;
  intent.metadata = metadataOnUpdate(intent.metadata, params);
  return intent;
}

export function registerPaymentIntentRoutes(router: Router): void {
  router.post("/v1/payment_intents", (ctx, req) => createFromParams(ctx, req.params));
  router.get("/v1/payment_intents", (ctx, req) => {
    const customer = optString(req.params, "customer");
    const intents = ctx.store
      .all<Stripe.PaymentIntent>("payment_intent")
      .filter(
        (pi) => (customer === undefined || pi.customer === customer) && matchesRange(pi.created, req.params, "created"),
      );
    return paginate(ctx.store, intents, req.params, "/v1/payment_intents");
  });
  router.get("/v1/payment_intents/:id", (ctx, req) => findIntent(ctx, pathId(req)));
  router.post("/v1/payment_intents/:id", (ctx, req) => updateIntent(ctx, findIntent(ctx, pathId(req)), req.params));
  router.post("/v1/payment_intents/:id/confirm", (ctx, req) =>
    confirmIntent(ctx, findIntent(ctx, pathId(req)), req.params),
  );
  router.post("/v1/payment_intents/:id/capture", (ctx, req) =>
    captureIntent(ctx, findIntent(ctx, pathId(req)), req.params),
  );
  router.post("/v1/payment_intents/:id/cancel", (ctx, req) =>
    cancelIntent(ctx, findIntent(ctx, pathId(req)), req.params),
  );
}
