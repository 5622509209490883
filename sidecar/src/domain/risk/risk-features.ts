import { isDisposableEmailDomain } from "./disposable-email-domains.js";
import type { RiskFacts, RiskSignal, VelocityKey } from "./risk-facts.js";

/**
 * The signals a payment's facts show, each as a number the model weighs (`x`) and the reason a reviewer reads.
 * Only signals that are present are returned (x is never 0): an absent signal adds nothing to the log-odds, so
 * leaving it out keeps assessments short and scoring cheap. The same extraction feeds training, so the model's
 * weights and the scorer always mean the same thing by a name.
 */
export interface RiskFeature {
  name: string;
  value: RiskSignal["value"];
  x: number;
  reason: string;
  /** Decided by a deterministic rule only; the model never weighs it (its weight is 0). */
  ruleOnly?: true;
}

/** The names a model file may weigh; velocity names depend on the windows, see `isModelFeatureName`. */
export const modelFeatureNames = [
  "radar_risk_elevated",
  "radar_risk_highest",
  "radar_risk_score",
  "radar_rule",
  "cvc_check_failed",
  "address_line1_check_failed",
  "postal_code_check_failed",
  "three_d_secure_authenticated",
  "three_d_secure_failed",
  "card_country_mismatch",
  "shipping_country_mismatch",
  "ip_country_mismatch",
  "declines_before_success",
  "amount_above_customer_mean",
  "amount_above_customer_max",
  "paid_order_history",
  "refunds_or_disputes",
  "account_age_new",
  "guest_checkout",
  "disposable_email_domain",
  "name_mismatch",
  "prepaid_card",
] as const;

const velocityKeys: readonly VelocityKey[] = ["customer", "email", "ip", "card"];
const fixedModelFeatures: ReadonlySet<string> = new Set(modelFeatureNames);
const velocityFeatureName = /^velocity_(customer|email|ip|card)_\d+[smh]$/;

/** A name the extractor can produce and the model may weigh (rule-only signals are not). */
export function isModelFeatureName(name: string): boolean {
  return fixedModelFeatures.has(name) || velocityFeatureName.test(name);
}

const minute = 60_000;
const hour = 60 * minute;

/** 3_600_000 -> "1h", 86_400_000 -> "24h", 900_000 -> "15m": the window as signal names and reasons show it. */
export function windowLabel(windowMs: number): string {
  if (windowMs % hour === 0) return `${windowMs / hour}h`;
  if (windowMs % minute === 0) return `${windowMs / minute}m`;
  return `${Math.round(windowMs / 1000)}s`;
}

const velocitySubject: Record<VelocityKey, string> = {
  customer: "this customer",
  email: "this e-mail address",
  ip: "this IP address",
  card: "this card",
};

/** Ratios above this add nothing more: 50 times the usual order is as telling as 500 times. */
const maxAmountRatioLogOdds = Math.log(50);
/** An account younger than this counts as new, fading linearly to 0 at this age. */
const newAccountDays = 30;

const flag = (name: string, value: RiskSignal["value"], reason: string): RiskFeature => ({ name, value, x: 1, reason });
/** A count, present when above 0, weighs by its logarithm: the first few events say the most. */
function pushCount(out: RiskFeature[], name: string, count: number, noun: [string, string], rest: string): void {
  if (count > 0) out.push({ name, value: count, x: Math.log1p(count), reason: `${plural(count, ...noun)} ${rest}` });
}
const times = (ratio: number) => (ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function extractRiskFeatures(facts: RiskFacts): RiskFeature[] {
  const features: RiskFeature[] = [];
  radarFeatures(facts, features);
  cardFeatures(facts, features);
  countryFeatures(facts, features);
  velocityFeatures(facts, features);
  historyFeatures(facts, features);
  identityFeatures(facts, features);
  ruleOnlyFeatures(facts, features);
  return features;
}

function radarFeatures({ radar }: RiskFacts, out: RiskFeature[]): void {
  if (radar.riskLevel === "elevated")
    out.push(flag("radar_risk_elevated", "elevated", "Stripe Radar rated the payment elevated risk"));
  if (radar.riskLevel === "highest")
    out.push(flag("radar_risk_highest", "highest", "Stripe Radar rated the payment highest risk"));
  if (radar.riskScore !== null && radar.riskScore > 0)
    out.push({
      name: "radar_risk_score",
      value: radar.riskScore,
      x: radar.riskScore / 100,
      reason: `Stripe Radar scored the payment ${radar.riskScore} of 100`,
    });
  if (radar.rule !== null) out.push(flag("radar_rule", radar.rule, `Stripe Radar rule ${radar.rule} acted`));
}

function cardFeatures({ card }: RiskFacts, out: RiskFeature[]): void {
  if (card === null) return;
  if (card.cvcCheck === "fail") out.push(flag("cvc_check_failed", "fail", "the card's CVC check failed"));
  if (card.addressLine1Check === "fail")
    out.push(flag("address_line1_check_failed", "fail", "the billing address line did not match the card's"));
  if (card.postalCodeCheck === "fail")
    out.push(flag("postal_code_check_failed", "fail", "the billing postal code did not match the card's"));
  if (card.threeDSecure === "authenticated")
    out.push(flag("three_d_secure_authenticated", "authenticated", "3-D Secure authenticated the cardholder"));
  if (card.threeDSecure === "failed")
    out.push(flag("three_d_secure_failed", "failed", "3-D Secure authentication failed"));
  if (card.funding === "prepaid") out.push(flag("prepaid_card", "prepaid", "the card is a prepaid card"));
}

function countryFeatures(facts: RiskFacts, out: RiskFeature[]): void {
  const billing = facts.billingCountry;
  if (billing === null) return;
  const cardCountry = facts.card?.country ?? null;
  if (cardCountry !== null && cardCountry !== billing)
    out.push(
      flag(
        "card_country_mismatch",
        cardCountry,
        `the card was issued in ${cardCountry}, the billing address is in ${billing}`,
      ),
    );
  if (facts.shippingCountry !== null && facts.shippingCountry !== billing)
    out.push(
      flag(
        "shipping_country_mismatch",
        facts.shippingCountry,
        `the order ships to ${facts.shippingCountry}, the billing address is in ${billing}`,
      ),
    );
  if (facts.ipCountry !== null && facts.ipCountry !== billing)
    out.push(
      flag(
        "ip_country_mismatch",
        facts.ipCountry,
        `the buyer's IP address is in ${facts.ipCountry}, the billing address in ${billing}`,
      ),
    );
}

function velocityFeatures(facts: RiskFacts, out: RiskFeature[]): void {
  for (const { key, windowMs, count } of facts.velocity) {
    if (!velocityKeys.includes(key)) continue;
    const window = windowLabel(windowMs);
    const rest = `with ${velocitySubject[key]} in the last ${window}`;
    pushCount(out, `velocity_${key}_${window}`, count, ["earlier payment attempt", "earlier payment attempts"], rest);
  }
  const declines = ["declined attempt", "declined attempts"] as [string, string];
  pushCount(
    out,
    "declines_before_success",
    facts.declinesBeforeSuccess,
    declines,
    "before this one succeeded (card testing)",
  );
}

function historyFeatures({ amountMinor, history }: RiskFacts, out: RiskFeature[]): void {
  if (history.meanPaidMinor !== null && history.meanPaidMinor > 0 && amountMinor > history.meanPaidMinor) {
    const ratio = amountMinor / history.meanPaidMinor;
    out.push({
      name: "amount_above_customer_mean",
      value: Math.round(ratio * 100) / 100,
      x: Math.min(Math.log(ratio), maxAmountRatioLogOdds),
      reason: `the amount is ${times(ratio)} times the customer's average paid order`,
    });
  }
  if (history.maxPaidMinor !== null && amountMinor > history.maxPaidMinor)
    out.push(flag("amount_above_customer_max", true, "the amount is above the customer's largest paid order"));
  pushCount(out, "paid_order_history", history.paidOrders, ["paid order", "paid orders"], "before this one");
  const earlier = ["earlier order", "earlier orders"] as [string, string];
  pushCount(out, "refunds_or_disputes", history.refundedOrDisputed, earlier, "refunded or disputed");
}

function identityFeatures(facts: RiskFacts, out: RiskFeature[]): void {
  const age = facts.accountAgeDays;
  if (age === null) out.push(flag("guest_checkout", true, "a guest checkout, no account"));
  else if (age < newAccountDays)
    out.push({
      name: "account_age_new",
      value: age,
      x: 1 - Math.max(age, 0) / newAccountDays,
      reason:
        age < 1 ? "the account was created today" : `the account is ${plural(Math.floor(age), "day", "days")} old`,
    });
  if (facts.emailDomain !== null && isDisposableEmailDomain(facts.emailDomain))
    out.push(
      flag("disposable_email_domain", facts.emailDomain, `the e-mail is at a disposable domain (${facts.emailDomain})`),
    );
  if (facts.nameMismatch) out.push(flag("name_mismatch", true, "the billing and shipping names differ"));
}

function ruleOnlyFeatures(facts: RiskFacts, out: RiskFeature[]): void {
  if (facts.blocklisted.length > 0)
    out.push({
      ...flag(
        "blocklisted",
        facts.blocklisted.join(","),
        `on the blocklist: the order's ${facts.blocklisted.join(", ")}`,
      ),
      ruleOnly: true,
    });
  if (facts.earlyFraudWarning)
    out.push({
      ...flag("early_fraud_warning", true, "Stripe sent an early fraud warning for the charge"),
      ruleOnly: true,
    });
}
