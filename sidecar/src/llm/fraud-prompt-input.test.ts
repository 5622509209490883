import { describe, expect, it } from "vitest";
import { riskyPayment, UPSTREAM, upstreamValues } from "../../../test/support/risky-payment.js";
import { fraudPromptInput } from "./fraud-prompt-input.js";

const inputFor = (emailDomain?: string | null) => {
  const { facts, assessment } = riskyPayment({ emailDomain });
  return fraudPromptInput(facts, assessment);
};

describe("fraudPromptInput", () => {
  it("holds no e-mail, name, IP, card number, fingerprint or customer id, even where a reason quoted one", () => {
    const text = JSON.stringify(inputFor());

    for (const value of upstreamValues()) expect(text).not.toContain(value);
    expect(text).not.toMatch(/@|cus_|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/);
  });

  it("keeps what the advice is made of: amounts, countries, checks, counts, signals and their reasons", () => {
    const input = inputFor();

    expect(input).toMatchObject({
      payment: { amountMinor: 48_900, currency: "eur" },
      radar: { riskLevel: "elevated", riskScore: 67, rule: "review if :ip_address: = '[ip]'" },
      card: { cvcCheck: "pass", addressLine1Check: "fail", postalCodeCheck: "unavailable", funding: "prepaid" },
      countries: { card: "BR", billing: "DE", shipping: "NL", ip: "BR" },
      velocity: [
        { per: "email", windowMs: 86_400_000, count: 3 },
        { per: "card", windowMs: 3_600_000, count: 2 },
      ],
      declinesBeforeSuccess: 4,
      history: { paidOrders: 1, meanPaidMinor: 2_450 },
      accountAgeDays: 1,
      email: { provider: null, disposable: false },
      nameMismatch: true,
      blocklisted: ["ip"],
      assessment: { score: 71, band: "review", model: "fraud-logistic v1" },
    });
    expect(input.assessment.signals.map((s) => [s.name, s.reason])).toEqual([
      ["radar_risk_level", "Stripe Radar rated the charge elevated"],
      ["card_country_mismatch", "card issued in BR, billing address in DE"],
      ["velocity_email_24h", "3 attempts in 24 h with [e-mail]"],
      ["declines_before_success", "4 declines on card [token] ([number]) before this success"],
      ["blocklisted_ip", "IP [ip] / [ip] was blocklisted for customer [id]"],
      ["amount_vs_history", "amount is 20x the mean of [e-mail domain]'s paid orders"],
    ]);
    expect(input.assessment.signals[4]!.value).toBe("[ip]");
    expect(input.assessment.rulesHit).toEqual([
      { rule: "blocklisted_ip", band: "review", reason: "IP [ip] is on the blocklist" },
    ]);
  });

  it("names a big public provider, and only that", () => {
    expect(inputFor("Gmail.com").email).toEqual({ provider: "gmail.com", disposable: false });
    expect(inputFor(null).email).toBeNull();
  });

  it("says a disposable domain is disposable without naming it, from the list or from the score's signal", () => {
    const listed = inputFor("mailinator.com");
    expect(listed.email).toEqual({ provider: null, disposable: true });
    expect(JSON.stringify(listed)).not.toContain("mailinator");

    const { facts, assessment } = riskyPayment({ emailDomain: "fresh-inbox.example" });
    assessment.signals.push({
      name: "disposable_email_domain",
      value: true,
      weight: 1.5,
      contribution: 1.5,
      reason: "fresh-inbox.example is a disposable e-mail service",
    });
    const flagged = fraudPromptInput(facts, assessment);
    expect(flagged.email).toEqual({ provider: null, disposable: true });
    expect(JSON.stringify(flagged)).not.toContain("fresh-inbox");
  });

  it("scrubs a token inside a snake_case name", () => {
    const { facts, assessment } = riskyPayment();
    assessment.signals[0]!.name = `velocity_card_${UPSTREAM.cardFingerprint}`;

    expect(fraudPromptInput(facts, assessment).assessment.signals[0]!.name).toBe("velocity_card_[token]");
  });

  it("leaves times, rule names and ordinary words alone", () => {
    const { facts, assessment } = riskyPayment();
    facts.radar.rule = "elevated_risk_level_24h";
    assessment.signals = [
      { name: "expiry", value: "11:30:00", weight: 0, contribution: 0, reason: "authorization expires at 11:30:00" },
    ];
    const input = fraudPromptInput(facts, assessment);

    expect(input.radar.rule).toBe("elevated_risk_level_24h");
    expect(input.assessment.signals[0]).toMatchObject({
      value: "11:30:00",
      reason: "authorization expires at 11:30:00",
    });
  });

  it("is pure: the facts and assessment are left as they were", () => {
    const { facts, assessment } = riskyPayment();
    const before = structuredClone({ facts, assessment });
    fraudPromptInput(facts, assessment);

    expect({ facts, assessment }).toEqual(before);
    expect(UPSTREAM.email).toContain("@");
  });
});
