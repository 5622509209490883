import { describe, expect, it } from "vitest";
import { assessRisk } from "./assess-risk.js";
import { isDisposableEmailDomain } from "./disposable-email-domains.js";
import type { RiskFacts } from "./risk-facts.js";
import { extractRiskFeatures, isModelFeatureName, windowLabel } from "./risk-features.js";
import { calmFacts, storeRules, withCard } from "./test-support/risk-facts-fixtures.js";

const hour = 3_600_000;

/** Each signal: the change to a calm order that shows it, the reason a reviewer reads, and which way it moves. */
const cases: Array<{ signal: string; change: Partial<RiskFacts>; reason: RegExp; raises: boolean }> = [
  {
    signal: "radar_risk_elevated",
    change: { radar: { riskLevel: "elevated", riskScore: null, rule: null } },
    reason: /Radar rated the payment elevated risk/,
    raises: true,
  },
  {
    signal: "radar_risk_highest",
    change: { radar: { riskLevel: "highest", riskScore: null, rule: null } },
    reason: /Radar rated the payment highest risk/,
    raises: true,
  },
  {
    signal: "radar_risk_score",
    change: { radar: { riskLevel: "normal", riskScore: 60, rule: null } },
    reason: /scored the payment 60 of 100/,
    raises: true,
  },
  { signal: "cvc_check_failed", change: withCard({ cvcCheck: "fail" }), reason: /CVC check failed/, raises: true },
  {
    signal: "address_line1_check_failed",
    change: withCard({ addressLine1Check: "fail" }),
    reason: /address line did not match/,
    raises: true,
  },
  {
    signal: "postal_code_check_failed",
    change: withCard({ postalCodeCheck: "fail" }),
    reason: /postal code did not match/,
    raises: true,
  },
  {
    signal: "three_d_secure_authenticated",
    change: withCard({ threeDSecure: "authenticated" }),
    reason: /3-D Secure authenticated/,
    raises: false,
  },
  {
    signal: "three_d_secure_failed",
    change: withCard({ threeDSecure: "failed" }),
    reason: /3-D Secure authentication failed/,
    raises: true,
  },
  { signal: "prepaid_card", change: withCard({ funding: "prepaid" }), reason: /prepaid card/, raises: true },
  {
    signal: "card_country_mismatch",
    change: withCard({ country: "NG" }),
    reason: /issued in NG, the billing address is in DE/,
    raises: true,
  },
  {
    signal: "shipping_country_mismatch",
    change: { shippingCountry: "RO" },
    reason: /ships to RO, the billing address is in DE/,
    raises: true,
  },
  {
    signal: "ip_country_mismatch",
    change: { ipCountry: "VN" },
    reason: /IP address is in VN, the billing address in DE/,
    raises: true,
  },
  {
    signal: "velocity_card_1h",
    change: { velocity: [{ key: "card", windowMs: hour, count: 4 }] },
    reason: /4 earlier payment attempts with this card in the last 1h/,
    raises: true,
  },
  {
    signal: "velocity_ip_1h",
    change: { velocity: [{ key: "ip", windowMs: hour, count: 1 }] },
    reason: /1 earlier payment attempt with this IP address in the last 1h/,
    raises: true,
  },
  {
    signal: "declines_before_success",
    change: { declinesBeforeSuccess: 2 },
    reason: /2 declined attempts before this one succeeded/,
    raises: true,
  },
  {
    signal: "amount_above_customer_mean",
    change: { amountMinor: 7_500 },
    reason: /1\.5 times the customer's average/,
    raises: true,
  },
  {
    signal: "amount_above_customer_max",
    change: { amountMinor: 9_000 },
    reason: /above the customer's largest paid order/,
    raises: true,
  },
  { signal: "account_age_new", change: { accountAgeDays: 0 }, reason: /created today/, raises: true },
  { signal: "guest_checkout", change: { accountAgeDays: null }, reason: /guest checkout/, raises: true },
  {
    signal: "disposable_email_domain",
    change: { emailDomain: "mailinator.com" },
    reason: /disposable domain \(mailinator\.com\)/,
    raises: true,
  },
  {
    signal: "name_mismatch",
    change: { nameMismatch: true },
    reason: /billing and shipping names differ/,
    raises: true,
  },
];

describe("risk signals", () => {
  const rules = storeRules();
  const calm = calmFacts({
    history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
  });

  it.each(cases)(
    "$signal: present with its reason, and moves the score the way it should",
    ({ signal, change, reason, raises }) => {
      const facts = { ...calm, history: { ...calm.history, meanPaidMinor: 5_000, maxPaidMinor: 8_000 }, ...change };
      const found = assessRisk(facts, rules).signals.find((s) => s.name === signal);
      expect(found?.reason).toMatch(reason);
      expect(isModelFeatureName(signal)).toBe(true);
      expect(Math.sign(found!.contribution)).toBe(raises ? 1 : -1);
      expect(found!.contribution).toBeCloseTo(
        found!.weight * extractRiskFeatures(facts).find((f) => f.name === signal)!.x,
        3,
      );
    },
  );

  it("absent signals are left out: a calm first order from an account shows none but the Radar score", () => {
    expect(assessRisk(calm, rules).signals.map((s) => s.name)).toEqual(["radar_risk_score"]);
  });

  it("a customer's paid orders lower the score, with the count as the reason", () => {
    const facts = calmFacts({
      history: { paidOrders: 12, meanPaidMinor: 9_000, maxPaidMinor: 20_000, refundedOrDisputed: 0 },
    });
    const history = assessRisk(facts, rules).signals.find((s) => s.name === "paid_order_history")!;
    expect(history.reason).toBe("12 paid orders before this one");
    expect(history.contribution).toBeLessThan(0);
    expect(logOddsAdded(facts)).toBeLessThan(logOddsAdded(calm));
  });

  it("names velocity by key and the configured window, and counts nothing for a zero", () => {
    const facts = calmFacts({
      velocity: [
        { key: "email", windowMs: 15 * 60_000, count: 2 },
        { key: "customer", windowMs: 7 * 24 * hour, count: 5 },
        { key: "ip", windowMs: hour, count: 0 },
      ],
    });
    const names = extractRiskFeatures(facts).map((f) => f.name);
    expect(names).toContain("velocity_email_15m");
    expect(names).toContain("velocity_customer_168h");
    expect(names).not.toContain("velocity_ip_1h");
    expect(windowLabel(90_500)).toBe("91s");
  });

  it("blocklist hits and early fraud warnings are rule-only signals: weight 0, contribution 0", () => {
    const assessment = assessRisk(calmFacts({ blocklisted: ["card", "ip"], earlyFraudWarning: true }), rules);
    const ruleOnly = assessment.signals.filter((s) => s.name === "blocklisted" || s.name === "early_fraud_warning");
    expect(ruleOnly.map((s) => [s.name, s.weight, s.contribution])).toEqual([
      ["blocklisted", 0, 0],
      ["early_fraud_warning", 0, 0],
    ]);
    expect(ruleOnly[0]!.reason).toBe("on the blocklist: the order's card, ip");
  });

  it("disposable domains match on the domain and its parents, and only there", () => {
    expect(isDisposableEmailDomain("yopmail.com")).toBe(true);
    expect(isDisposableEmailDomain("inbox.guerrillamail.com")).toBe(true);
    expect(isDisposableEmailDomain("gmail.com")).toBe(false);
    expect(isDisposableEmailDomain("notmailinator.com")).toBe(false);
    expect(isDisposableEmailDomain("com")).toBe(false);
  });
});

/** What the signals added to the model's log-odds (the score itself rounds a calm order to 0). */
function logOddsAdded(facts: RiskFacts): number {
  return assessRisk(facts, storeRules()).signals.reduce((sum, s) => sum + s.contribution, 0);
}
