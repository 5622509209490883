import type { RiskAssessment, RiskFacts, RiskSignal } from "../domain/risk/risk-facts.js";
import { isDisposableEmailDomain, isPublicEmailProvider } from "./email-domains.js";

/**
 * What the fraud advisor sends to a model: the scored payment with nothing that could identify a person. Every
 * field is picked by name (a field added to RiskFacts later is not sent until it is added here), e-mail domains
 * are reduced to "a big public provider" or "disposable", and every text (signal reasons and values, Radar's
 * rule) is scrubbed of e-mail addresses, IP addresses, Stripe ids and card-like numbers and fingerprints, in
 * case a reason ever quotes what it read.
 */
export interface FraudPromptInput {
  payment: { amountMinor: number; currency: string };
  radar: { riskLevel: RiskFacts["radar"]["riskLevel"]; riskScore: number | null; rule: string | null };
  card: {
    cvcCheck: string | null;
    addressLine1Check: string | null;
    postalCodeCheck: string | null;
    threeDSecure: string | null;
    funding: string | null;
  } | null;
  countries: { card: string | null; billing: string | null; shipping: string | null; ip: string | null };
  velocity: Array<{ per: string; windowMs: number; count: number }>;
  declinesBeforeSuccess: number;
  history: RiskFacts["history"];
  accountAgeDays: number | null;
  /** provider: only a big public provider's domain (gmail.com), else null; the address itself never. */
  email: { provider: string | null; disposable: boolean } | null;
  nameMismatch: boolean;
  /** Which kinds of this order's identifiers are blocklisted (never the identifiers). */
  blocklisted: string[];
  earlyFraudWarning: boolean;
  assessment: {
    score: number;
    band: RiskAssessment["band"];
    model: string;
    signals: Array<Pick<RiskSignal, "name" | "value" | "weight" | "contribution" | "reason">>;
    rulesHit: Array<{ rule: string; band: string; reason: string }>;
  };
}

export function fraudPromptInput(facts: RiskFacts, assessment: RiskAssessment): FraudPromptInput {
  const email = emailClass(facts.emailDomain, assessment.signals);
  const scrub = scrubberFor(email?.provider ? null : facts.emailDomain);
  return {
    payment: { amountMinor: facts.amountMinor, currency: facts.currency },
    radar: {
      riskLevel: facts.radar.riskLevel,
      riskScore: facts.radar.riskScore,
      rule: facts.radar.rule === null ? null : scrub(facts.radar.rule),
    },
    card: facts.card && {
      cvcCheck: facts.card.cvcCheck,
      addressLine1Check: facts.card.addressLine1Check,
      postalCodeCheck: facts.card.postalCodeCheck,
      threeDSecure: facts.card.threeDSecure,
      funding: facts.card.funding,
    },
    countries: {
      card: facts.card?.country ?? null,
      billing: facts.billingCountry,
      shipping: facts.shippingCountry,
      ip: facts.ipCountry,
    },
    velocity: facts.velocity.map((v) => ({ per: v.key, windowMs: v.windowMs, count: v.count })),
    declinesBeforeSuccess: facts.declinesBeforeSuccess,
    history: { ...facts.history },
    accountAgeDays: facts.accountAgeDays,
    email,
    nameMismatch: facts.nameMismatch,
    blocklisted: [...facts.blocklisted],
    earlyFraudWarning: facts.earlyFraudWarning,
    assessment: {
      score: assessment.score,
      band: assessment.band,
      model: `${assessment.model.name} v${assessment.model.version}`,
      signals: assessment.signals.map((s) => ({
        name: scrub(s.name),
        value: typeof s.value === "string" ? scrub(s.value) : s.value,
        weight: s.weight,
        contribution: s.contribution,
        reason: scrub(s.reason),
      })),
      rulesHit: assessment.rulesHit.map((r) => ({ rule: scrub(r.rule), band: r.band, reason: scrub(r.reason) })),
    },
  };
}

/** Disposable when on the known list or when the score flagged it (a true signal whose name says so). */
function emailClass(domain: string | null, signals: RiskSignal[]): FraudPromptInput["email"] {
  if (domain === null) return null;
  const flagged = signals.some((s) => /disposable/i.test(s.name) && Boolean(s.value));
  if (flagged || isDisposableEmailDomain(domain)) return { provider: null, disposable: true };
  return { provider: isPublicEmailProvider(domain) ? domain.toLowerCase() : null, disposable: false };
}

const PATTERNS: Array<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "[e-mail]"],
  [/\b\d{1,3}(\.\d{1,3}){3}\b/g, "[ip]"],
  // IPv6, full or shortened with "::" (a time such as 11:30:00 is neither).
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:)+:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?/gi, "[ip]"],
  // Stripe ids: customers, cards, payment methods, charges, intents, fingerprints.
  [/\b(cus|card|pm|src|ch|py|pi|seti|fp|tok)_(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{8,}\b/g, "[id]"],
  // Card numbers, with or without separators.
  [/\b\d(?:[ -]?\d){11,18}\b/g, "[number]"],
  // A card fingerprint or similar token: 12+ letters and digits mixed, also inside a snake_case name.
  [/(?<![A-Za-z0-9])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{12,}(?![A-Za-z0-9])/g, "[token]"],
];

/** Scrubs a text of anything personal; `privateDomain`, when given, is the customer's own e-mail domain. */
function scrubberFor(privateDomain: string | null): (text: string) => string {
  const domain = privateDomain && new RegExp(escapeRegExp(privateDomain), "gi");
  return (text) => {
    let out = text;
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return domain ? out.replace(domain, "[e-mail domain]") : out;
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
