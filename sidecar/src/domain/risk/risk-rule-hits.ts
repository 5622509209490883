import type { RiskFacts, RiskRuleHit } from "./risk-facts.js";

/** Declines before the success from which the attempt is treated as card testing whatever the model says. */
export const cardTestingDeclines = 3;

/**
 * The deterministic rules: facts that decide a band on their own, whatever the model's score. Each sets the
 * band at least to its outcome; the model can raise a band, never lower one a rule set.
 */
export function riskRuleHits(facts: RiskFacts): RiskRuleHit[] {
  const hits: RiskRuleHit[] = [];
  if (facts.blocklisted.length > 0)
    hits.push({
      rule: "blocklisted",
      band: "high",
      reason: `the order's ${facts.blocklisted.join(", ")} ${facts.blocklisted.length === 1 ? "is" : "are"} on the blocklist`,
    });
  if (facts.earlyFraudWarning)
    hits.push({
      rule: "early_fraud_warning",
      band: "high",
      reason: "Stripe sent an early fraud warning for the charge",
    });
  if (facts.radar.riskLevel === "highest")
    hits.push({ rule: "radar_highest_risk", band: "high", reason: "Stripe Radar rated the payment highest risk" });
  if (facts.radar.riskLevel === "elevated")
    hits.push({ rule: "radar_elevated_risk", band: "review", reason: "Stripe Radar rated the payment elevated risk" });
  if (facts.card?.cvcCheck === "fail" && facts.card.postalCodeCheck === "fail")
    hits.push({
      rule: "cvc_and_postal_code_failed",
      band: "review",
      reason: "both the CVC and the postal code checks failed",
    });
  if (facts.card?.threeDSecure === "failed")
    hits.push({ rule: "three_d_secure_failed", band: "review", reason: "3-D Secure authentication failed" });
  if (facts.declinesBeforeSuccess >= cardTestingDeclines)
    hits.push({
      rule: "card_testing",
      band: "review",
      reason: `${facts.declinesBeforeSuccess} declined attempts before the success look like card testing`,
    });
  return hits;
}
