import { describe, expect, it } from "vitest";
import type { OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { defaultRiskRules } from "../../domain/risk/risk-rules.js";
import { expiryMarginMs, planRisk } from "./plan-risk.js";
import { riskKey } from "./risk-actions.js";
import { newOpenReview, type RiskCase, type RiskDecision, type RiskReview, type RiskState } from "./risk-store.js";
import { assessment, nopOrderFixture } from "./test-support/fixtures.js";

const guid = "cb4c4ff8-875a-4ad2-b603-bf18a942f0bf" as OrderGuid;
const now = new Date("2026-12-06T12:00:00Z");
const hour = 3_600_000;
const rules = defaultRiskRules.defaults;

const decision = (band: RiskDecision["band"]): RiskDecision => ({
  assessment: assessment(band),
  advice: null,
  adviceFailure: null,
  band,
  narrative: "n",
  history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
  identities: { customer: null, email: null, ip: null, card: null },
  decidedAt: now,
});

const riskCase = (d: RiskDecision | null, captureBefore = new Date(now.getTime() + 72 * hour)): RiskCase => ({
  orderGuid: guid,
  paymentIntentId: "pi_1" as PaymentIntentId,
  chargeId: null,
  storeId: 1,
  amountMinor: 1000,
  currency: "usd",
  captureBefore,
  decision: d,
});

const review = (status: RiskReview["status"], extra: Partial<RiskReview> = {}): RiskReview => ({
  ...newOpenReview({
    orderGuid: guid,
    paymentIntentId: "pi_1" as PaymentIntentId,
    radarReviewId: null,
    captureBefore: new Date(now.getTime() + 72 * hour),
    openedAt: now,
  }),
  status,
  ...extra,
});

const state = (over: Partial<RiskState>): RiskState => ({
  riskCase: null,
  review: null,
  order: nopOrderFixture(),
  done: new Set(),
  rules,
  now,
  ...over,
});
const names = (s: RiskState) => planRisk(s).map((a) => a.name);
const done = (...n: Parameters<typeof riskKey>[1][]) => new Set<string>(n.map((name) => riskKey(guid, name)));

describe("planRisk", () => {
  it("decides once nopCommerce described the order, and not before", () => {
    expect(names(state({ riskCase: riskCase(null) }))).toEqual(["decide"]);
    expect(names(state({ riskCase: riskCase(null), order: undefined }))).toEqual([]);
  });

  it("low: capture, once", () => {
    expect(names(state({ riskCase: riskCase(decision("low")) }))).toEqual(["capture"]);
    expect(names(state({ riskCase: riskCase(decision("low")), done: done("capture") }))).toEqual([]);
  });

  it("high: cancel the PaymentIntent, then the order with its note; each once", () => {
    expect(names(state({ riskCase: riskCase(decision("high")) }))).toEqual(["cancel", "cancel-order"]);
    expect(names(state({ riskCase: riskCase(decision("high")), done: done("cancel") }))).toEqual(["cancel-order"]);
  });

  it("review: opens the review; approved captures (approving Radar's review too); rejected cancels", () => {
    const c = riskCase(decision("review"));
    expect(names(state({ riskCase: c }))).toEqual(["open-review"]);
    expect(names(state({ riskCase: c, review: review("open") }))).toEqual([]);
    expect(names(state({ riskCase: c, review: review("approved") }))).toEqual(["capture"]);
    expect(names(state({ riskCase: c, review: review("approved", { radarReviewId: "prv_1" }) }))).toEqual([
      "approve-radar-review",
      "capture",
    ]);
    // Approved in Stripe (its review.closed said so): captured here, not approved there a second time.
    const approvedInStripe = review("approved", { radarReviewId: "prv_1", radarClosedReason: "approved" });
    expect(names(state({ riskCase: c, review: approvedInStripe }))).toEqual(["capture"]);
    expect(names(state({ riskCase: c, review: review("rejected") }))).toEqual(["cancel", "cancel-order"]);
    expect(names(state({ riskCase: c, review: review("closed") }))).toEqual([]);
  });

  it("an open review: alert before expiry, the store's rule at expiry", () => {
    const expiry = new Date(now.getTime() + 2 * hour);
    const c = riskCase(decision("review"), expiry);
    const open = review("open", { captureBefore: expiry });
    expect(names(state({ riskCase: c, review: open, rules: { ...rules, expiryAlertBeforeMs: hour } }))).toEqual([]);
    expect(names(state({ riskCase: c, review: open, rules: { ...rules, expiryAlertBeforeMs: 3 * hour } }))).toEqual([
      "alert-expiry",
    ]);
    const atExpiry = new Date(expiry.getTime() - expiryMarginMs);
    expect(names(state({ riskCase: c, review: open, now: atExpiry }))).toEqual(["expire"]);
    const expired = review("expired", { captureBefore: expiry });
    expect(names(state({ riskCase: c, review: expired, rules: { ...rules, atExpiry: "cancel" } }))).toEqual([
      "cancel",
      "cancel-order",
    ]);
    expect(names(state({ riskCase: c, review: expired, rules: { ...rules, atExpiry: "capture" } }))).toEqual([
      "capture",
    ]);
  });

  it("a Radar review on a payment not decided here: approved in Stripe, or refused by a refund", () => {
    expect(names(state({ review: review("approved", { radarReviewId: "prv_1" }) }))).toEqual(["approve-radar-review"]);
    expect(names(state({ review: review("rejected", { radarReviewId: "prv_1" }) }))).toEqual(["refund-rejected"]);
  });
});
