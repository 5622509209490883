import type { RiskAssessment, RiskFacts } from "../../sidecar/src/domain/risk/risk-facts.js";

/** The personal and card data of the order behind `riskyPayment`: none of it may reach a model. */
export const UPSTREAM = {
  email: "jane.doe@acme-widgets.example",
  emailDomain: "acme-widgets.example",
  billingName: "Jane Doe",
  shippingName: "John Roe",
  ipv4: "203.0.113.77",
  ipv6: "2001:db8:85a3::8a2e:370:7334",
  cardFingerprint: "Xt5EWLLDS7FJjR1c",
  cardNumber: "4000 0000 0000 9235",
  customerId: "cus_Nf3kQ2yZ8pLm1x",
  nopCustomerId: 48213,
} as const;

/**
 * A payment scored for review, its facts derived from the order above. The derivation is honest (domain only,
 * name mismatch as a flag), but some texts quote what they read, as a careless rule's reason might: the advisor
 * must scrub them anyway.
 */
export function riskyPayment(overrides: { emailDomain?: string | null } = {}): {
  facts: RiskFacts;
  assessment: RiskAssessment;
} {
  const facts: RiskFacts = {
    amountMinor: 48_900,
    currency: "eur",
    radar: { riskLevel: "elevated", riskScore: 67, rule: `review if :ip_address: = '${UPSTREAM.ipv4}'` },
    card: {
      cvcCheck: "pass",
      addressLine1Check: "fail",
      postalCodeCheck: "unavailable",
      threeDSecure: null,
      country: "BR",
      funding: "prepaid",
    },
    billingCountry: "DE",
    shippingCountry: "NL",
    ipCountry: "BR",
    velocity: [
      { key: "email", windowMs: 86_400_000, count: 3 },
      { key: "card", windowMs: 3_600_000, count: 2 },
    ],
    declinesBeforeSuccess: 4,
    history: { paidOrders: 1, meanPaidMinor: 2_450, maxPaidMinor: 2_450, refundedOrDisputed: 0 },
    accountAgeDays: 1,
    emailDomain: overrides.emailDomain === undefined ? UPSTREAM.emailDomain : overrides.emailDomain,
    nameMismatch: true,
    blocklisted: ["ip"],
    earlyFraudWarning: false,
  };
  const assessment: RiskAssessment = {
    score: 71,
    band: "review",
    signals: [
      {
        name: "radar_risk_level",
        value: "elevated",
        weight: 1.2,
        contribution: 1.2,
        reason: "Stripe Radar rated the charge elevated",
      },
      {
        name: "card_country_mismatch",
        value: "BR",
        weight: 0.8,
        contribution: 0.8,
        reason: "card issued in BR, billing address in DE",
      },
      {
        name: "velocity_email_24h",
        value: 3,
        weight: 0.4,
        contribution: 1.2,
        reason: `3 attempts in 24 h with ${UPSTREAM.email}`,
      },
      {
        name: "declines_before_success",
        value: 4,
        weight: 0.6,
        contribution: 2.4,
        reason: `4 declines on card ${UPSTREAM.cardFingerprint} (${UPSTREAM.cardNumber}) before this success`,
      },
      {
        name: "blocklisted_ip",
        value: UPSTREAM.ipv6,
        weight: 0,
        contribution: 0,
        reason: `IP ${UPSTREAM.ipv4} / ${UPSTREAM.ipv6} was blocklisted for customer ${UPSTREAM.customerId}`,
      },
      {
        name: "amount_vs_history",
        value: 19.96,
        weight: 0.3,
        contribution: 0.9,
        reason: `amount is 20x the mean of ${UPSTREAM.emailDomain}'s paid orders`,
      },
    ],
    rulesHit: [{ rule: "blocklisted_ip", band: "review", reason: `IP ${UPSTREAM.ipv4} is on the blocklist` }],
    model: { name: "fraud-logistic", version: 1 },
  };
  return { facts, assessment };
}

/** Every personal or card value of the order, as it could appear in text sent anywhere. */
export const upstreamValues = (): string[] =>
  Object.values(UPSTREAM)
    .map(String)
    .concat(["Jane", "Doe", "John Roe", "acme-widgets", String(UPSTREAM.nopCustomerId)]);
