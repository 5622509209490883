/**
 * What the risk score reads and what it returns. The facts are derived values, never card data or personal
 * data: an e-mail is its domain, names are "do they match", a card is its fingerprint's counts. The flow that
 * gathers them (flows/risk) and the score (domain/risk) meet here.
 */

/** Stripe's card checks (`payment_method_details.card.checks`), as Stripe names them. */
export type CardCheck = "pass" | "fail" | "unavailable" | "unchecked" | null;

/** 3-D Secure's result (`payment_method_details.card.three_d_secure.result`), null when it did not run. */
export type ThreeDSecureResult =
  | "authenticated"
  | "attempt_acknowledged"
  | "exempted"
  | "failed"
  | "not_supported"
  | "processing_error"
  | null;

/** Who or what the velocity counts group by. */
export type VelocityKey = "customer" | "email" | "ip" | "card";

export interface VelocityCount {
  key: VelocityKey;
  /** The window the count covers, as configured (RISK_RULES velocity windows). */
  windowMs: number;
  /** Payment attempts (successful or not) in the window before this one, this one excluded. */
  count: number;
}

export interface RiskFacts {
  /** The amount authorized, in minor units, and its currency (lowercase ISO). */
  amountMinor: number;
  currency: string;
  /** Stripe Radar's outcome on the charge; null where Radar did not assess it. */
  radar: {
    riskLevel: "normal" | "elevated" | "highest" | "not_assessed" | "unknown" | null;
    riskScore: number | null;
    /** The Radar rule that acted, if any (outcome.rule id or predicate). */
    rule: string | null;
  };
  card: {
    cvcCheck: CardCheck;
    addressLine1Check: CardCheck;
    postalCodeCheck: CardCheck;
    threeDSecure: ThreeDSecureResult;
    /** ISO 3166-1 alpha-2, upper case. */
    country: string | null;
    funding: "credit" | "debit" | "prepaid" | "unknown" | null;
  } | null;
  /** ISO 3166-1 alpha-2, upper case, or null when unknown. */
  billingCountry: string | null;
  shippingCountry: string | null;
  ipCountry: string | null;
  velocity: VelocityCount[];
  /** Declined attempts on this PaymentIntent or this card fingerprint before the success (card testing). */
  declinesBeforeSuccess: number;
  /** The customer's history with this store, before this order; zeros for a first order or a guest. */
  history: {
    paidOrders: number;
    /** Mean and largest paid order, minor units in this order's currency; null without paid orders. */
    meanPaidMinor: number | null;
    maxPaidMinor: number | null;
    refundedOrDisputed: number;
  };
  /** Days since the nopCommerce account was created; null for a guest checkout. */
  accountAgeDays: number | null;
  /** The e-mail's domain only, lower case; null when there is none. */
  emailDomain: string | null;
  /** Billing and shipping names differ (compared by the gatherer; the names never leave it). */
  nameMismatch: boolean;
  /** Which of this order's identifiers are on the blocklist (fed by rejected reviews). */
  blocklisted: Array<"email" | "ip" | "card" | "customer">;
  /** Stripe sent an early fraud warning for this charge. */
  earlyFraudWarning: boolean;
}

export type RiskBand = "low" | "review" | "high";

/** One thing that moved the score, with the reason a reviewer reads. */
export interface RiskSignal {
  /** Stable name, e.g. `radar_risk_level`, `cvc_check_failed`, `velocity_email_24h`. */
  name: string;
  /** The value seen (derived; never personal data). */
  value: string | number | boolean | null;
  /** The model's weight for it (0 for a deterministic rule). */
  weight: number;
  /** What it added to the model's log-odds (weight x feature value); 0 for a rule. */
  contribution: number;
  reason: string;
}

/** A deterministic rule that fired: it sets the band at least to its outcome, whatever the model says. */
export interface RiskRuleHit {
  rule: string;
  band: Exclude<RiskBand, "low">;
  reason: string;
}

export interface RiskAssessment {
  /** 0..100: the model's probability of fraud x 100, rounded to a whole number. */
  score: number;
  band: RiskBand;
  signals: RiskSignal[];
  rulesHit: RiskRuleHit[];
  /** The weights file that scored it, e.g. { name: "fraud-logistic", version: 1 }. */
  model: { name: string; version: number };
}
