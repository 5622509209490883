import { type EmulatorKit, startKit } from "@nop-stripe/stripe-emulator/test-kit.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChargeId } from "../../domain/ids.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { StripeRadarApi } from "./radar-api.js";

let kit: EmulatorKit;
let api: StripeRadarApi;
const DAY = 24 * 60 * 60;

beforeAll(async () => {
  kit = await startKit();
  api = new StripeRadarApi(kit.stripe);
});
afterAll(() => kit.close());

async function cardWithBilling(token: string, country = "DE") {
  return kit.stripe.paymentMethods.create({
    type: "card",
    card: { token },
    billing_details: { name: "Jane Roe", address: { line1: "Hauptstr. 1", postal_code: "10115", country } },
  });
}

async function authorized(paymentMethod: string) {
  const intent = await kit.stripe.paymentIntents.create({
    amount: 7500,
    currency: "eur",
    capture_method: "manual",
    payment_method: paymentMethod,
    confirm: true,
  });
  return { intent, chargeId: String(intent.latest_charge) as ChargeId };
}

async function lastEvent(type: string, objectId: string): Promise<Stripe.Event> {
  const events = await kit.stripe.events.list({ type, limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id: string }).id === objectId);
  if (!event) throw new Error(`no ${type} for ${objectId}`);
  return event;
}

describe("StripeRadarApi on the official client (against the emulator)", () => {
  it("reads Radar's outcome, the card's checks, country, fingerprint, billing country and capture_before", async () => {
    const pm = await cardWithBilling("tok_avsZipFail", "de");
    const { intent, chargeId } = await authorized(pm.id);
    const risk = await api.chargeRisk(chargeId);
    expect(risk.ok).toBe(true);
    if (!risk.ok) return;
    const charge = await kit.stripe.charges.retrieve(chargeId);
    expect(risk.value).toEqual({
      chargeId,
      paymentIntentId: intent.id,
      radar: { riskLevel: "normal", riskScore: charge.outcome?.risk_score, rule: null },
      card: {
        cvcCheck: "pass",
        addressLine1Check: "pass",
        postalCodeCheck: "fail",
        threeDSecure: null,
        country: "US",
        funding: "credit",
      },
      cardFingerprint: pm.card?.fingerprint,
      billingCountry: "DE",
      declinesBefore: 0,
      captureBefore: new Date((charge.created + 7 * DAY) * 1000),
      reviewId: null,
    });
  });

  it("counts the declines on the same PaymentIntent before the charge (card testing)", async () => {
    const intent = await kit.stripe.paymentIntents.create({ amount: 2000, currency: "usd", capture_method: "manual" });
    for (const pm of ["pm_card_chargeDeclined", "pm_card_chargeDeclinedInsufficientFunds"]) {
      await kit.stripe.paymentIntents.confirm(intent.id, { payment_method: pm }).catch(() => undefined);
    }
    const confirmed = await kit.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    const risk = await api.chargeRisk(String(confirmed.latest_charge) as ChargeId);
    expect(risk).toMatchObject({ ok: true, value: { declinesBefore: 2, paymentIntentId: intent.id } });
    const firstDecline = (await kit.stripe.charges.list({ payment_intent: intent.id })).data.at(-1)!;
    expect(await api.chargeRisk(firstDecline.id as ChargeId)).toMatchObject({ ok: true, value: { declinesBefore: 0 } });
  });

  it("answers a missing charge or review as a result", async () => {
    expect(await api.chargeRisk("ch_missing" as ChargeId)).toMatchObject({ ok: false, error: { kind: "missing" } });
    expect(await api.retrieveReview("prv_missing")).toMatchObject({ ok: false, error: { kind: "missing" } });
  });

  it("reads the elevated-risk review, approves it once per key, and answers a closed one as it is", async () => {
    const { intent, chargeId } = await authorized("pm_card_riskLevelElevated");
    const risk = await api.chargeRisk(chargeId);
    expect(risk).toMatchObject({
      ok: true,
      value: { radar: { riskLevel: "elevated", rule: "manual_review_if_elevated_risk" }, reviewId: intent.review },
    });
    const reviewId = String(intent.review);
    expect(await api.retrieveReview(reviewId)).toMatchObject({
      ok: true,
      value: { id: reviewId, open: true, chargeId, paymentIntentId: intent.id, openedReason: "rule", reason: "rule" },
    });
    const approved = await api.approveReview(reviewId, "approve:1");
    expect(approved).toMatchObject({ ok: true, value: { open: false, reason: "approved" } });
    expect(await api.approveReview(reviewId, "approve:1")).toEqual(approved);
    expect(await api.approveReview(reviewId, "approve:2")).toEqual(approved);
    expect((await lastEvent("review.closed", reviewId)).request?.idempotency_key).toBe("approve:1");

    const canceled = await authorized("pm_card_riskLevelElevated");
    await kit.stripe.paymentIntents.cancel(canceled.intent.id);
    expect(await api.approveReview(String(canceled.intent.review), "approve:3")).toMatchObject({
      ok: true,
      value: { open: false, reason: "canceled" },
    });
  });

  it("reads review.opened / review.closed payloads, and refuses what Stripe could not have sent", async () => {
    const { intent } = await authorized("pm_card_riskLevelElevated");
    const reviewId = String(intent.review);
    const opened = await lastEvent("review.opened", reviewId);
    expect(api.reviewFromEvent({ eventId: opened.id, payload: opened })).toMatchObject({ id: reviewId, open: true });
    await kit.stripe.refunds.create({ payment_intent: intent.id, reason: "fraudulent" });
    const closed = await lastEvent("review.closed", reviewId);
    expect(api.reviewFromEvent({ eventId: closed.id, payload: closed })).toMatchObject({
      open: false,
      reason: "refunded_as_fraud",
    });
    const forged = { data: { object: { object: "review", id: "prv_1", open: "yes" } } };
    expect(() => api.reviewFromEvent({ eventId: "evt_forged", payload: forged })).toThrow(PermanentError);
  });

  it("reads radar.early_fraud_warning.created and .updated payloads", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_createIssuerFraudRecord",
      confirm: true,
    });
    const [warning] = (await kit.stripe.radar.earlyFraudWarnings.list({ payment_intent: intent.id })).data;
    const created = await lastEvent("radar.early_fraud_warning.created", warning!.id);
    expect(api.earlyFraudWarningFromEvent({ eventId: created.id, payload: created })).toEqual({
      id: warning!.id,
      chargeId: intent.latest_charge,
      paymentIntentId: intent.id,
      fraudType: warning!.fraud_type,
      actionable: true,
      created: new Date(warning!.created * 1000),
    });
    await kit.stripe.refunds.create({ payment_intent: intent.id });
    const updated = await lastEvent("radar.early_fraud_warning.updated", warning!.id);
    expect(api.earlyFraudWarningFromEvent({ eventId: updated.id, payload: updated })).toMatchObject({
      actionable: false,
    });
    const noCharge = { data: { object: { ...warning, charge: null } } };
    expect(() => api.earlyFraudWarningFromEvent({ eventId: "evt_x", payload: noCharge })).toThrow(PermanentError);
  });
});
