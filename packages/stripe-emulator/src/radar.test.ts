import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();
const DAY = 24 * 60 * 60;

async function authorize(paymentMethod: string, capture: "manual" | "automatic" = "manual", amount = 4200) {
  return kit.stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: paymentMethod,
    capture_method: capture,
    confirm: true,
  });
}

async function chargeOf(intent: Stripe.PaymentIntent): Promise<Stripe.Charge> {
  return kit.stripe.charges.retrieve(String(intent.latest_charge));
}

async function withBilling(token: string) {
  return kit.stripe.paymentMethods.create({
    type: "card",
    card: { token },
    billing_details: {
      name: "Jane Roe",
      email: "jane@example.com",
      address: { line1: "1 Main St", postal_code: "94111", city: "San Francisco", country: "US" },
    },
  });
}

async function eventsOf(type: string, objectId: string): Promise<Stripe.Event[]> {
  const events = await kit.stripe.events.list({ type, limit: 100 });
  return events.data.filter((e) => (e.data.object as { id: string }).id === objectId);
}

function caught(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  return promise.then(
    () => {
      throw new Error("expected a Stripe error");
    },
    (e: Stripe.errors.StripeError) => e,
  );
}

describe("Radar outcomes and card checks", () => {
  it("gives a normal card Radar's authorized outcome, its checks, billing details and a 7-day capture_before", async () => {
    const pm = await withBilling("tok_visa");
    const intent = await authorize(pm.id);
    const charge = await chargeOf(intent);
    expect(charge.outcome).toMatchObject({
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      seller_message: "Payment complete.",
      type: "authorized",
    });
    expect(charge.outcome?.risk_score).toEqual(expect.any(Number));
    const card = charge.payment_method_details?.card;
    expect(card?.checks).toEqual({ address_line1_check: "pass", address_postal_code_check: "pass", cvc_check: "pass" });
    expect(card).toMatchObject({ country: "US", funding: "credit", three_d_secure: null });
    expect(card?.fingerprint).toBe(pm.card?.fingerprint);
    expect(card?.fingerprint).not.toContain("4242");
    expect(card?.capture_before).toBe(charge.created + 7 * DAY);
    expect(charge.billing_details).toMatchObject({ name: "Jane Roe", email: "jane@example.com" });
    expect(charge.billing_details.address).toMatchObject({ line1: "1 Main St", postal_code: "94111", country: "US" });
    expect(charge.review).toBeNull();
  });

  it("leaves the address checks null without an address, and gives no capture_before to a captured charge", async () => {
    const charge = await chargeOf(await authorize("pm_card_visa", "automatic"));
    expect(charge.payment_method_details?.card?.checks).toEqual({
      address_line1_check: null,
      address_postal_code_check: null,
      cvc_check: "pass",
    });
    expect(charge.payment_method_details?.card?.capture_before).toBeUndefined();
  });

  it.each([
    ["tok_avsFail", "fail", "fail"],
    ["tok_avsLine1Fail", "fail", "pass"],
    ["tok_avsZipFail", "pass", "fail"],
    ["tok_avsUnchecked", "unavailable", "unavailable"],
  ])("%s: address line 1 %s, postal code %s", async (token, line1, postal) => {
    const charge = await chargeOf(await authorize((await withBilling(token)).id));
    expect(charge.status).toBe("succeeded");
    expect(charge.payment_method_details?.card?.checks).toMatchObject({
      address_line1_check: line1,
      address_postal_code_check: postal,
    });
  });

  it("fails the CVC check of pm_card_cvcCheckFail but authorizes the payment", async () => {
    const charge = await chargeOf(await authorize("pm_card_cvcCheckFail"));
    expect(charge.status).toBe("succeeded");
    expect(charge.payment_method_details?.card?.checks?.cvc_check).toBe("fail");
  });

  it.each(["pm_card_radarBlock", "pm_card_riskLevelHighest"])(
    "blocks %s with the highest risk level, never sent to the network",
    async (pm) => {
      const error = await caught(authorize(pm));
      expect(error).toMatchObject({ type: "StripeCardError", code: "card_declined", decline_code: "fraudulent" });
      const charge = await kit.stripe.charges.retrieve(String(error.raw && (error.raw as { charge?: string }).charge));
      expect(charge.status).toBe("failed");
      expect(charge.outcome).toMatchObject({
        network_status: "not_sent_to_network",
        reason: "highest_risk_level",
        risk_level: "highest",
        type: "blocked",
      });
    },
  );

  it("records a 3-D Secure result on the charge when authentication ran", async () => {
    const intent = await authorize("pm_card_authenticationRequired");
    expect(intent.status).toBe("requires_action");
    await kit.control(`/_emulator/payment_intents/${intent.id}/authenticate`, { outcome: "succeed" });
    const after = await kit.stripe.paymentIntents.retrieve(intent.id);
    const card = (await chargeOf(after)).payment_method_details?.card;
    expect(card?.three_d_secure).toMatchObject({ result: "authenticated", version: "2.2.0" });
  });
});

describe("Radar reviews", () => {
  it("opens a review on an elevated-risk charge, and approving it closes it once (idempotently)", async () => {
    const intent = await authorize("pm_card_riskLevelElevated");
    expect(intent.status).toBe("requires_capture");
    const charge = await chargeOf(intent);
    expect(charge.outcome).toMatchObject({
      risk_level: "elevated",
      type: "manual_review",
      reason: "elevated_risk_level",
    });
    expect(charge.review).toMatch(/^prv_/);
    expect(intent.review).toBe(charge.review);
    const review = await kit.stripe.reviews.retrieve(String(charge.review));
    expect(review).toMatchObject({
      object: "review",
      charge: charge.id,
      payment_intent: intent.id,
      open: true,
      opened_reason: "rule",
      reason: "rule",
      closed_reason: null,
      ip_address: null,
      livemode: false,
    });
    expect((await kit.stripe.reviews.list({ limit: 100 })).data.map((r) => r.id)).toContain(review.id);
    expect(await eventsOf("review.opened", review.id)).toHaveLength(1);

    const approved = await kit.stripe.reviews.approve(review.id, {}, { idempotencyKey: "approve-1" });
    const replayed = await kit.stripe.reviews.approve(review.id, {}, { idempotencyKey: "approve-1" });
    expect(approved).toMatchObject({ open: false, closed_reason: "approved", reason: "approved" });
    expect(replayed).toMatchObject({ id: review.id, closed_reason: "approved" });
    const closed = await eventsOf("review.closed", review.id);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.data.previous_attributes).toMatchObject({ open: true, reason: "rule", closed_reason: null });
    expect((await kit.stripe.reviews.list({ limit: 100 })).data.map((r) => r.id)).not.toContain(review.id);
    expect((await caught(kit.stripe.reviews.approve(review.id))).message).toContain("already closed");
    expect((await kit.stripe.paymentIntents.capture(intent.id)).status).toBe("succeeded");
  });

  it("closes the review as canceled when the PaymentIntent is canceled", async () => {
    const intent = await authorize("pm_card_riskLevelElevated");
    await kit.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "fraudulent" });
    const review = await kit.stripe.reviews.retrieve(String(intent.review));
    expect(review).toMatchObject({ open: false, closed_reason: "canceled", reason: "canceled" });
  });

  it("closes the review as refunded, or refunded_as_fraud for a fraudulent refund", async () => {
    const plain = await authorize("pm_card_riskLevelElevated", "automatic");
    await kit.stripe.refunds.create({ payment_intent: plain.id });
    expect(await kit.stripe.reviews.retrieve(String(plain.review))).toMatchObject({ closed_reason: "refunded" });
    const fraud = await authorize("pm_card_riskLevelElevated", "automatic");
    await kit.stripe.refunds.create({ payment_intent: fraud.id, reason: "fraudulent" });
    expect(await kit.stripe.reviews.retrieve(String(fraud.review))).toMatchObject({
      closed_reason: "refunded_as_fraud",
    });
    expect((await chargeOf(fraud)).fraud_details).toEqual({ user_report: "fraudulent" });
    expect((await chargeOf(plain)).fraud_details).toEqual({});
  });

  it("answers an unknown review with Stripe's 404", async () => {
    const error = await caught(kit.stripe.reviews.retrieve("prv_missing"));
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});

describe("early fraud warnings", () => {
  it("raises one after a successful charge on pm_card_createIssuerFraudRecord, and settles it on a refund", async () => {
    const intent = await authorize("pm_card_createIssuerFraudRecord", "automatic");
    const listed = await kit.stripe.radar.earlyFraudWarnings.list({ payment_intent: intent.id });
    expect(listed.data).toHaveLength(1);
    const warning = listed.data[0]!;
    expect(warning).toMatchObject({
      object: "radar.early_fraud_warning",
      actionable: true,
      charge: intent.latest_charge,
      payment_intent: intent.id,
      livemode: false,
    });
    expect(warning.id).toMatch(/^issfr_/);
    expect(await eventsOf("radar.early_fraud_warning.created", warning.id)).toHaveLength(1);
    expect(await kit.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toMatchObject({ id: warning.id });

    await kit.stripe.refunds.create({ payment_intent: intent.id, reason: "fraudulent" });
    expect(await kit.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toMatchObject({ actionable: false });
    const updated = await eventsOf("radar.early_fraud_warning.updated", warning.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data.previous_attributes).toEqual({ actionable: true });
  });

  it("raises one on any charge through the control endpoint; a dispute makes it not actionable", async () => {
    const intent = await authorize("pm_card_visa", "automatic");
    const charge = String(intent.latest_charge);
    const raised = await kit.control<Stripe.Radar.EarlyFraudWarning>(
      `/_emulator/charges/${charge}/early_fraud_warning`,
      {
        fraud_type: "unauthorized_use_of_card",
      },
    );
    expect(raised).toMatchObject({ charge, fraud_type: "unauthorized_use_of_card", actionable: true });
    expect((await kit.stripe.radar.earlyFraudWarnings.list({ charge })).data.map((w) => w.id)).toEqual([raised.id]);
    await kit.control("/_emulator/disputes", { charge });
    expect(await kit.stripe.radar.earlyFraudWarnings.retrieve(raised.id)).toMatchObject({ actionable: false });
    const refused = await kit.control<{ error: { param: string } }>(
      `/_emulator/charges/${charge}/early_fraud_warning`,
      {
        fraud_type: "aliens",
      },
    );
    expect(refused.error.param).toBe("fraud_type");
  });
});

describe("authorization expiry", () => {
  it("cancels an uncaptured PaymentIntent once capture_before passes (automatic), releasing it and closing its review", async () => {
    const intent = await authorize("pm_card_riskLevelElevated");
    const fresh = await authorize("pm_card_visa");
    await kit.emulator.advanceTime(7 * DAY + 1);
    const expired = await kit.stripe.paymentIntents.retrieve(intent.id);
    expect(expired).toMatchObject({ status: "canceled", cancellation_reason: "automatic", amount_capturable: 0 });
    const charge = await chargeOf(expired);
    expect(charge).toMatchObject({ refunded: true, amount_refunded: 4200, captured: false });
    expect(await eventsOf("charge.expired", charge.id)).toHaveLength(1);
    expect(await eventsOf("payment_intent.canceled", intent.id)).toHaveLength(1);
    expect(await kit.stripe.reviews.retrieve(String(intent.review))).toMatchObject({ closed_reason: "canceled" });
    expect((await caught(kit.stripe.paymentIntents.capture(intent.id))).code).toBe("payment_intent_unexpected_state");
    // Authorized after the first one but also more than 7 days ago now.
    expect((await kit.stripe.paymentIntents.retrieve(fresh.id)).status).toBe("canceled");
    const later = await authorize("pm_card_visa");
    expect((await kit.control<{ data: unknown[] }>("/_emulator/authorizations/expire")).data).toEqual([]);
    expect((await kit.stripe.paymentIntents.retrieve(later.id)).status).toBe("requires_capture");
  });
});
