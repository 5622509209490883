import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { addressFrom, emptyAddress } from "./addresses.js";
import type { EmulatorContext } from "./context.js";
import { docUrl, invalidRequest, resourceMissing, StripeApiError } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { paginate } from "./list-pagination.js";
import { metadataOnCreate, metadataOnUpdate, optObject, optString, reqString } from "./params.js";
import { pathId, type Router } from "./router.js";
import { CARD_EXPIRY, type TestCard, testCardFor } from "./test-cards.js";

/** Stable per test card, like a real card fingerprint is stable per card number. */
export function cardFingerprint(card: TestCard): string {
  return createHash("sha256").update(`emulator:${card.name}`).digest("base64url").slice(0, 16);
}

function buildPaymentMethod(ctx: EmulatorContext, card: TestCard, params: ParamObject = {}): Stripe.PaymentMethod {
  const billing = optObject(params, "billing_details");
  const pm: Stripe.PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: billing ? (addressFrom(optObject(billing, "address")) ?? emptyAddress()) : emptyAddress(),
      email: (billing && optString(billing, "email")) || null,
      name: (billing && optString(billing, "name")) || null,
      phone: (billing && optString(billing, "phone")) || null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
      country: card.country,
      display_brand: card.brand === "amex" ? "american_express" : card.brand,
      exp_month: CARD_EXPIRY.month,
      exp_year: CARD_EXPIRY.year,
      fingerprint: cardFingerprint(card),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: metadataOnCreate(params),
    type: "card",
  };
  ctx.store.insert(pm);
  ctx.store.cards.set(pm.id, card);
  return pm;
}

/**
 * Resolves a payment method id. Test ids such as `pm_card_visa` yield a fresh PaymentMethod each time,
 * as on Stripe, so the PaymentIntent ends up referring to a new `pm_...` id.
 */
export function resolvePaymentMethod(ctx: EmulatorContext, id: string, param = "payment_method"): Stripe.PaymentMethod {
  const testCard = id.startsWith("pm_card_") ? testCardFor(id) : undefined;
  if (testCard) return buildPaymentMethod(ctx, testCard);
  return ctx.store.findOrMissing<Stripe.PaymentMethod>(id, "payment_method", param, "PaymentMethod");
}

export function cardOf(ctx: EmulatorContext, paymentMethodId: string): TestCard {
  const card = ctx.store.cards.get(paymentMethodId);
  if (!card) throw new Error(`no test card recorded for ${paymentMethodId}`);
  return card;
}

/** Card error for a card that the issuer refuses when it is saved (attach performs a verification). */
function attachDecline(card: TestCard): StripeApiError | undefined {
  if (!card.decline || card.declineOnlyWhenCharged) return undefined;
  return new StripeApiError(402, {
    type: "card_error",
    code: card.decline.code,
    decline_code: card.decline.declineCode ?? undefined,
    message: card.decline.message,
    doc_url: docUrl(card.decline.code),
    param: card.decline.param,
  });
}

/** Stripe's answer for a card that paid without a customer (no `setup_future_usage`): it is single-use. */
function consumedPaymentMethod() {
  return invalidRequest(
    "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.",
    { param: "payment_method" },
  );
}

export function attachPaymentMethod(ctx: EmulatorContext, id: string, customerId: string): Stripe.PaymentMethod {
  const customer = ctx.store.find<Stripe.Customer>(customerId, "customer");
  if (!customer) throw resourceMissing("customer", customerId, "customer");
  const pm = resolvePaymentMethod(ctx, id, "payment_method");
  if (pm.customer === customerId) return pm;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_unexpected_state",
      param: "payment_method",
    });
  }
  if (ctx.store.consumedPaymentMethods.has(pm.id)) throw consumedPaymentMethod();
  const decline = attachDecline(cardOf(ctx, pm.id));
  if (decline) throw decline;
  pm.customer = customerId;
  emitEvent(ctx, "payment_method.attached", pm);
  return pm;
}

function createFromParams(ctx: EmulatorContext, params: ParamObject): Stripe.PaymentMethod {
  const type = reqString(params, "type");
  if (type !== "card") {
    throw invalidRequest(`The emulator supports only card payment methods, not '${type}'.`, { param: "type" });
  }
  const cardParams = optObject(params, "card") ?? {};
  const token = optString(cardParams, "token");
  const card = token ? testCardFor(token) : undefined;
  if (!card) {
    throw invalidRequest("Provide card[token] with a Stripe test token such as tok_visa.", {
      param: "card[token]",
      code: "parameter_missing",
    });
  }
  return buildPaymentMethod(ctx, card, params);
}

export function registerPaymentMethodRoutes(router: Router): void {
  router.post("/v1/payment_methods", (ctx, req) => createFromParams(ctx, req.params));
  router.get("/v1/payment_methods", (ctx, req) => {
    const customer = optString(req.params, "customer");
    const type = optString(req.params, "type");
    const methods = ctx.store
      .all<Stripe.PaymentMethod>("payment_method")
      .filter((pm) => (customer === undefined || pm.customer === customer) && (type === undefined || pm.type === type));
    return paginate(ctx.store, methods, req.params, "/v1/payment_methods");
  });
  router.get("/v1/payment_methods/:id", (ctx, req) => resolvePaymentMethod(ctx, pathId(req), "payment_method"));
  router.post("/v1/payment_methods/:id", (ctx, req) => {
    const pm = resolvePaymentMethod(ctx, pathId(req));
    const before = structuredClone(pm);
    pm.metadata = metadataOnUpdate(pm.metadata, req.params);
    emitEvent(ctx, "payment_method.updated", pm, changedAttributes(before, pm));
    return pm;
  });
  router.post("/v1/payment_methods/:id/attach", (ctx, req) =>
    attachPaymentMethod(ctx, pathId(req), reqString(req.params, "customer")),
  );
  router.post("/v1/payment_methods/:id/detach", (ctx, req) => {
    const pm = resolvePaymentMethod(ctx, pathId(req));
    if (!pm.customer) {
      throw invalidRequest(
        "The payment method you provided is not attached to a customer so detachment is impossible.",
        {
          code: "payment_method_unexpected_state",
        },
      );
    }
    const before = structuredClone(pm);
    pm.customer = null;
    ctx.store.consumedPaymentMethods.add(pm.id);
    emitEvent(ctx, "payment_method.detached", pm, changedAttributes(before, pm));
    return pm;
  });
}
