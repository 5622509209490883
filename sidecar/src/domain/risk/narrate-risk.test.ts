import { describe, expect, it } from "vitest";
import { assessRisk } from "./assess-risk.js";
import { narrateRisk } from "./narrate-risk.js";
import { calmFacts, storeRules, withCard } from "./test-support/risk-facts-fixtures.js";

const rules = storeRules();

describe("narrateRisk", () => {
  const facts = calmFacts({
    ...withCard({ country: "NG", threeDSecure: "authenticated" }),
    radar: { riskLevel: "elevated", riskScore: 70, rule: null },
    ipCountry: "VN",
    emailDomain: "mailinator.com",
    nameMismatch: true,
    accountAgeDays: 2,
    history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
  });
  const assessment = assessRisk(facts, rules);
  const narrative = narrateRisk(assessment);

  it("opens with the band and the model's score, then the rules, then the biggest contributions first", () => {
    expect(narrative).toMatch(
      /^(High risk|Sent to review): the model \(fraud-logistic v1\) scored \d+ of 100\. Rules: /,
    );
    const raising = assessment.signals
      .filter((s) => s.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution);
    const positions = raising.slice(0, 4).map((s) => narrative.indexOf(s.reason));
    expect(positions.every((p) => p > narrative.indexOf("Raising the risk:"))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(narrative.indexOf("Rules:")).toBeLessThan(narrative.indexOf("Raising the risk:"));
    expect(narrative).toContain("Stripe Radar rated the payment elevated risk (review)");
    expect(narrative).toContain("Lowering it: 3-D Secure authenticated the cardholder (-");
  });

  it("holds no e-mail address and no name", () => {
    expect(narrative).not.toMatch(/@/);
    expect(narrateRisk(assessRisk(calmFacts({ emailDomain: "example.org" }), rules))).not.toContain("example.org");
  });

  it("is the same for the same assessment, and says so when nothing stood out", () => {
    expect(narrateRisk(assessment)).toBe(narrative);
    const quiet = assessRisk(
      calmFacts({
        radar: { riskLevel: "normal", riskScore: null, rule: null },
        history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
      }),
      rules,
    );
    expect(narrateRisk(quiet)).toMatch(/^Low risk: .* No signal stood out\.$/);
  });
});
