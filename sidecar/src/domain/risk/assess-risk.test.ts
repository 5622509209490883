import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assessRisk, higherBand, scoreBand } from "./assess-risk.js";
import type { RiskFacts } from "./risk-facts.js";
import { defaultRiskModel, parseRiskModel } from "./risk-model.js";
import { calmFacts, storeRules, withCard } from "./test-support/risk-facts-fixtures.js";

const rules = storeRules();

/** A stolen-card look: new account abroad, mismatched countries and names, a disposable e-mail. */
const suspicious = calmFacts({
  ...withCard({ country: "NG", postalCodeCheck: "fail" }),
  ipCountry: "VN",
  shippingCountry: "RO",
  accountAgeDays: 0,
  history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
  emailDomain: "yopmail.com",
  nameMismatch: true,
});

describe("assessRisk", () => {
  it("scores a calm order low, with no rule, and names the model that scored it", () => {
    const assessment = assessRisk(calmFacts(), rules);
    expect(assessment).toMatchObject({ band: "low", rulesHit: [], model: { name: "fraud-logistic", version: 1 } });
    expect(assessment.score).toBeLessThan(rules.reviewFrom);
  });

  it("scores a stolen-card look high on the model alone", () => {
    const assessment = assessRisk(suspicious, rules);
    expect(assessment.rulesHit).toEqual([]);
    expect(assessment.score).toBeGreaterThanOrEqual(rules.highFrom);
    expect(assessment.band).toBe("high");
  });

  it.each<[string, Partial<RiskFacts>, string, "review" | "high"]>([
    ["a blocklisted card", { blocklisted: ["card"] }, "blocklisted", "high"],
    ["an early fraud warning", { earlyFraudWarning: true }, "early_fraud_warning", "high"],
    [
      "Radar's highest risk",
      { radar: { riskLevel: "highest", riskScore: null, rule: null } },
      "radar_highest_risk",
      "high",
    ],
    [
      "Radar's elevated risk",
      { radar: { riskLevel: "elevated", riskScore: null, rule: null } },
      "radar_elevated_risk",
      "review",
    ],
    [
      "CVC and postal code both failing",
      withCard({ cvcCheck: "fail", postalCodeCheck: "fail" }),
      "cvc_and_postal_code_failed",
      "review",
    ],
    ["3-D Secure failing", withCard({ threeDSecure: "failed" }), "three_d_secure_failed", "review"],
    ["three declines before the success", { declinesBeforeSuccess: 3 }, "card_testing", "review"],
  ])("%s sets the band to at least its rule's, whatever the model scores", (_, change, rule, band) => {
    const assessment = assessRisk(calmFacts(change), rules);
    expect(assessment.score).toBeLessThan(rules.reviewFrom);
    expect(assessment.rulesHit.map((hit) => [hit.rule, hit.band])).toEqual([[rule, band]]);
    expect(assessment.band).toBe(band);
  });

  it("a rule's review never lowers the model's high", () => {
    const assessment = assessRisk(
      { ...suspicious, radar: { riskLevel: "elevated", riskScore: 70, rule: null } },
      rules,
    );
    expect(assessment.rulesHit.map((hit) => hit.rule)).toEqual(["radar_elevated_risk"]);
    expect(assessment.band).toBe("high");
  });

  it("bands the same score by each store's reviewFrom and highFrom", () => {
    const { score } = assessRisk(suspicious, rules);
    expect(assessRisk(suspicious, storeRules({ reviewFrom: score + 1, highFrom: score + 2 })).band).toBe("low");
    expect(assessRisk(suspicious, storeRules({ reviewFrom: score, highFrom: score + 1 })).band).toBe("review");
    expect(assessRisk(suspicious, storeRules({ reviewFrom: score - 1, highFrom: score })).band).toBe("high");
    expect(scoreBand(34, rules)).toBe("low");
    expect(scoreBand(35, rules)).toBe("review");
    expect(scoreBand(75, rules)).toBe("high");
    expect(higherBand("review", "low")).toBe("review");
  });

  it("scores with the model it is given, and says which", () => {
    const other = parseRiskModel(
      { ...defaultRiskModel.file, name: "fraud-logistic-shop", version: 7, bias: 3 },
      "fraud-logistic-shop-v7.json",
    );
    const assessment = assessRisk(calmFacts(), rules, other);
    expect(assessment.model).toEqual({ name: "fraud-logistic-shop", version: 7 });
    expect(assessment.score).toBeGreaterThan(assessRisk(calmFacts(), rules).score);
  });

  it("keeps each signal's weight from the model file", () => {
    const assessment = assessRisk(suspicious, rules);
    for (const signal of assessment.signals) expect(signal.weight).toBe(defaultRiskModel.weights.get(signal.name) ?? 0);
  });
});

describe("assessRisk properties", () => {
  const check = fc.constantFrom("pass", "fail", "unavailable", "unchecked", null);
  const country = fc.constantFrom("DE", "FR", "NG", "US", null);
  const facts: fc.Arbitrary<RiskFacts> = fc.record({
    amountMinor: fc.integer({ min: 50, max: 10_000_000 }),
    currency: fc.constant("eur"),
    radar: fc.record({
      riskLevel: fc.constantFrom("normal", "elevated", "highest", "not_assessed", "unknown", null),
      riskScore: fc.option(fc.integer({ min: 0, max: 99 })),
      rule: fc.option(fc.constantFrom("block_if_high_risk", "review_large")),
    }),
    card: fc.option(
      fc.record({
        cvcCheck: check,
        addressLine1Check: check,
        postalCodeCheck: check,
        threeDSecure: fc.constantFrom("authenticated", "failed", "exempted", null),
        country,
        funding: fc.constantFrom("credit", "debit", "prepaid", "unknown", null),
      }),
    ),
    billingCountry: country,
    shippingCountry: country,
    ipCountry: country,
    velocity: fc.array(
      fc.record({
        key: fc.constantFrom("customer", "email", "ip", "card"),
        windowMs: fc.constantFrom(3_600_000, 86_400_000),
        count: fc.integer({ min: 0, max: 1_000 }),
      }),
      { maxLength: 8 },
    ),
    declinesBeforeSuccess: fc.integer({ min: 0, max: 100 }),
    history: fc.record({
      paidOrders: fc.integer({ min: 0, max: 500 }),
      meanPaidMinor: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
      maxPaidMinor: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
      refundedOrDisputed: fc.integer({ min: 0, max: 20 }),
    }),
    accountAgeDays: fc.option(fc.integer({ min: 0, max: 5_000 })),
    emailDomain: fc.option(fc.constantFrom("gmail.com", "mailinator.com", "a.yopmail.com")),
    nameMismatch: fc.boolean(),
    blocklisted: fc.subarray(["email", "ip", "card", "customer"] as const),
    earlyFraudWarning: fc.boolean(),
  });
  const bandRank = { low: 0, review: 1, high: 2 };

  it("the score is a whole number from 0 to 100 and every contribution is finite", () => {
    fc.assert(
      fc.property(facts, (f) => {
        const { score, signals } = assessRisk(f, rules);
        return (
          Number.isInteger(score) && score >= 0 && score <= 100 && signals.every((s) => Number.isFinite(s.contribution))
        );
      }),
    );
  });

  it("adding a blocklist hit never lowers the band (it makes it high)", () => {
    fc.assert(
      fc.property(facts, fc.constantFrom("email", "ip", "card", "customer" as const), (f, hit) => {
        const before = assessRisk(f, rules).band;
        const after = assessRisk({ ...f, blocklisted: [...new Set([...f.blocklisted, hit])] }, rules).band;
        return bandRank[after] >= bandRank[before] && after === "high";
      }),
    );
  });
});
