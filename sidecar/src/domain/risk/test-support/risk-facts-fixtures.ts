import type { RiskFacts } from "../risk-facts.js";
import { defaultRiskRules, type StoreRiskRules } from "../risk-rules.js";

const hour = 3_600_000;

/** A calm order from a returning customer: every check passes, countries agree, Radar normal. */
export function calmFacts(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    amountMinor: 5_000,
    currency: "eur",
    radar: { riskLevel: "normal", riskScore: 12, rule: null },
    card: {
      cvcCheck: "pass",
      addressLine1Check: "pass",
      postalCodeCheck: "pass",
      threeDSecure: null,
      country: "DE",
      funding: "credit",
    },
    billingCountry: "DE",
    shippingCountry: "DE",
    ipCountry: "DE",
    velocity: [
      { key: "card", windowMs: hour, count: 0 },
      { key: "card", windowMs: 24 * hour, count: 0 },
    ],
    declinesBeforeSuccess: 0,
    history: { paidOrders: 3, meanPaidMinor: 5_000, maxPaidMinor: 8_000, refundedOrDisputed: 0 },
    accountAgeDays: 400,
    emailDomain: "gmail.com",
    nameMismatch: false,
    blocklisted: [],
    earlyFraudWarning: false,
    ...overrides,
  };
}

export const withCard = (card: Partial<NonNullable<RiskFacts["card"]>>): Partial<RiskFacts> => ({
  card: { ...calmFacts().card!, ...card },
});

export const storeRules = (overrides: Partial<StoreRiskRules> = {}): StoreRiskRules => ({
  ...defaultRiskRules.defaults,
  ...overrides,
});
