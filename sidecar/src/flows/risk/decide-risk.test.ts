import { describe, expect, it } from "vitest";
import type { Result } from "../../domain/result.js";
import { narrateRisk } from "../../domain/risk/narrate-risk.js";
import type { RiskAdvice } from "../../domain/risk/risk-advice.js";
import type { ModelFailure } from "../../llm/structured-model.js";
import { bandWithAdvice, narrativeOf } from "./decide-risk.js";
import { accountAgeDaysOf, hashIdentifier, identitiesOf, namesDiffer, riskFactsOf } from "./gather-facts.js";
import { assessment, nopOrderFixture } from "./test-support/fixtures.js";

const advice = (recommendedAction: RiskAdvice["recommendedAction"]): Result<RiskAdvice, ModelFailure> => ({
  ok: true,
  value: { narrative: "model says", weighedSignals: [], recommendedAction, model: "m" },
});
const failure: Result<RiskAdvice, ModelFailure> = {
  ok: false,
  error: { kind: "timeout", message: "no answer within 8 s" },
};

describe("the advisor's place in the decision", () => {
  it("may send a low one to review, never capture a review nor cancel anything", () => {
    expect(bandWithAdvice(assessment("low"), advice("review"))).toBe("review");
    expect(bandWithAdvice(assessment("low"), advice("cancel"))).toBe("review");
    expect(bandWithAdvice(assessment("low"), advice("capture"))).toBe("low");
    expect(bandWithAdvice(assessment("review"), advice("capture"))).toBe("review");
    expect(bandWithAdvice(assessment("review"), advice("cancel"))).toBe("review");
    expect(bandWithAdvice(assessment("high"), advice("capture"))).toBe("high");
  });

  it("a failure or no advisor: the rules decide alone", () => {
    for (const band of ["low", "review", "high"] as const) {
      expect(bandWithAdvice(assessment(band), failure)).toBe(band);
      expect(bandWithAdvice(assessment(band), null)).toBe(band);
    }
  });

  it("the narrative: the advisor's, else one from the reasons (saying why the advisor did not help)", () => {
    expect(narrativeOf(assessment("review"), "review", advice("review"))).toBe("model says");
    const alone = narrativeOf(assessment("review"), "review", null);
    expect(alone).toBe(narrateRisk(assessment("review")));
    expect(alone).toContain("test-model v3");
    expect(alone).toContain("a test rule for review");
    expect(narrativeOf(assessment("low"), "review", advice("review"))).toBe("model says");
    expect(narrativeOf(assessment("low"), "review", null)).toContain("The advisor asked for a review.");
    expect(narrativeOf(assessment("review"), "review", failure)).toContain("no answer within 8 s");
  });
});

describe("gathering the facts", () => {
  it("hashes the e-mail, keeps no name, compares billing and shipping names", () => {
    const order = nopOrderFixture();
    const ids = identitiesOf(order, { cardFingerprint: "fp_1" });
    expect(ids.email).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(ids)).not.toMatch(/Victoria|victoria@/);
    expect(ids).toMatchObject({ customer: null, card: "fp_1" });
    expect(namesDiffer(order)).toBe(false);
    const other = nopOrderFixture({ shippingAddress: { ...order.billingAddress, id: 2, firstName: "Mallory" } });
    expect(namesDiffer(other)).toBe(true);
  });

  it("hashes the order's IP (never keeps it raw), one hash per address however it is spelled", () => {
    const order = nopOrderFixture({ customerIp: "203.0.113.7" });
    const ids = identitiesOf(order, { cardFingerprint: null });
    expect(ids.ip).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(ids)).not.toContain("203.0.113.7");
    expect(identitiesOf(nopOrderFixture({ customerIp: "::ffff:203.0.113.7" }), { cardFingerprint: null }).ip).toBe(
      ids.ip,
    );
    expect(identitiesOf(nopOrderFixture({ customerIp: "203.0.113.8" }), { cardFingerprint: null }).ip).not.toBe(ids.ip);
    expect(identitiesOf(nopOrderFixture({ customerIp: "2001:DB8::1" }), { cardFingerprint: null }).ip).toBe(
      hashIdentifier("2001:db8::1"),
    );
    expect(identitiesOf(nopOrderFixture({ customerIp: null }), { cardFingerprint: null }).ip).toBeNull();
    expect(identitiesOf(nopOrderFixture({ customerIp: undefined }), { cardFingerprint: null }).ip).toBeNull();
  });

  it("the account's age in whole days from Customer.CreatedOnUtc; a guest has no account, so none", () => {
    const now = new Date("2026-12-06T12:00:00.000Z");
    const registered = (createdOnUtc: string | null | undefined) => {
      const order = nopOrderFixture();
      return nopOrderFixture({ customer: { ...order.customer, isGuest: false, createdOnUtc } });
    };
    expect(accountAgeDaysOf(registered("2026-11-26T12:00:00.000Z"), now)).toBe(10);
    expect(accountAgeDaysOf(registered("2026-12-05T12:00:00.001Z"), now)).toBe(0);
    expect(accountAgeDaysOf(registered("2026-12-06T13:00:00.000Z"), now)).toBe(0);
    expect(accountAgeDaysOf(registered(null), now)).toBeNull();
    expect(accountAgeDaysOf(registered(undefined), now)).toBeNull();
    const guest = nopOrderFixture();
    expect(
      accountAgeDaysOf({ ...guest, customer: { ...guest.customer, createdOnUtc: "2020-01-01T00:00:00Z" } }, now),
    ).toBeNull();
  });

  it("facts carry the e-mail's domain only and the countries", () => {
    const facts = riskFactsOf({
      order: nopOrderFixture(),
      amountMinor: 1000,
      currency: "USD",
      charge: {
        chargeId: "ch_1" as never,
        paymentIntentId: null,
        radar: { riskLevel: "normal", riskScore: 5, rule: null },
        card: null,
        cardFingerprint: null,
        billingCountry: null,
        declinesBefore: 2,
        captureBefore: null,
        reviewId: null,
      },
      velocity: [],
      history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
      blocklisted: [],
      earlyFraudWarning: false,
      now: new Date("2026-12-06T12:00:00.000Z"),
    });
    expect(facts).toMatchObject({
      currency: "usd",
      ipCountry: null,
      accountAgeDays: null,
      emailDomain: "example.com",
      billingCountry: "US",
      shippingCountry: "US",
    });
    expect(facts.declinesBeforeSuccess).toBe(2);
    expect(JSON.stringify(facts)).not.toMatch(/Victoria|Terces|victoria@/);
  });
});
