import type { CardCheck, RiskFacts, VelocityCount, VelocityKey } from "../risk-facts.js";
import { type SeededRandom, seededRandom } from "./seeded-random.js";

/**
 * Synthetic labelled orders for training and evaluating the fraud model, deterministic by seed.
 *
 * What it can show: that the pipeline works end to end (facts -> signals -> weights -> bands), and the relative
 * value of the signals under the assumptions written below, e.g. how much a scorer that combines many weak
 * signals adds to Stripe Radar's level alone when Radar is imperfect (here it misses about half the fraud and
 * rates about 2.5 % of good orders elevated or highest).
 *
 * What it cannot show: real-world precision, recall or review rates. Every rate below is an assumption in the
 * spirit of published fraud patterns (card testing bursts, stolen cards used from abroad on fresh accounts,
 * disposable e-mail, account takeover with an unusual amount), not a measurement of any store's traffic, and
 * the signals are drawn independently within a pattern, which real data are not. Retrain on a store's own
 * labelled orders (chargebacks, rejected reviews) before trusting the numbers.
 */
export type OrderPattern =
  | "returning_customer"
  | "new_account"
  | "guest"
  | "card_testing"
  | "stolen_card"
  | "disposable_email"
  | "account_takeover";

export interface LabelledOrder {
  facts: RiskFacts;
  fraud: boolean;
  pattern: OrderPattern;
}

export interface GeneratorOptions {
  seed: number;
  orders: number;
  /** Share of fraudulent orders; card-not-present fraud runs at a few percent of orders. */
  fraudRate?: number;
  /** The velocity windows counted, as RISK_RULES configures them (default 1 h and 24 h). */
  velocityWindowsMs?: readonly number[];
}

const hour = 3_600_000;
const legitPatterns: ReadonlyArray<[OrderPattern, number]> = [
  ["returning_customer", 0.6],
  ["new_account", 0.25],
  ["guest", 0.15],
];
const fraudPatterns: ReadonlyArray<[OrderPattern, number]> = [
  ["card_testing", 0.25],
  ["stolen_card", 0.35],
  ["disposable_email", 0.15],
  ["account_takeover", 0.25],
];
const homeCountries = ["DE", "DE", "DE", "FR", "NL", "BE", "AT", "IT", "ES", "GB", "US"] as const;
const abroad = ["NG", "RU", "UA", "BR", "ID", "VN", "PH", "RO", "CN", "IN", "TR", "US", "GB", "MX"] as const;
const everydayDomains = ["gmail.com", "outlook.com", "yahoo.com", "gmx.de", "web.de", "orange.fr", "icloud.com"];
const disposableDomains = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com", "tempmail.com"];

export function generateLabelledOrders(options: GeneratorOptions): LabelledOrder[] {
  const r = seededRandom(options.seed);
  const fraudRate = options.fraudRate ?? 0.03;
  const windows = [...(options.velocityWindowsMs ?? [hour, 24 * hour])].sort((a, b) => a - b);
  const orders: LabelledOrder[] = [];
  for (let i = 0; i < options.orders; i++) {
    const fraud = r.chance(fraudRate);
    const pattern = weightedPick(r, fraud ? fraudPatterns : legitPatterns);
    orders.push({ facts: patternFacts[pattern](r, windows), fraud, pattern });
  }
  return orders;
}

type FactsMaker = (r: SeededRandom, windows: readonly number[]) => RiskFacts;

const patternFacts: Record<OrderPattern, FactsMaker> = {
  returning_customer: (r, windows) => {
    const facts = legitFacts(r, windows, Math.floor(r.logNormal(5.5, 1.2)) + 30);
    const history = returningHistory(r);
    facts.history = history.history;
    facts.amountMinor = Math.round((history.history.meanPaidMinor ?? 5000) * r.logNormal(0, 0.45));
    return facts;
  },
  new_account: (r, windows) => legitFacts(r, windows, r.chance(0.5) ? 0 : r.int(1, 29)),
  guest: (r, windows) => legitFacts(r, windows, null),

  card_testing: (r, windows) => {
    const facts = fraudFacts(r, windows, { elevated: 0.4, highest: 0.2 });
    facts.declinesBeforeSuccess = r.int(1, 14);
    facts.amountMinor = r.int(100, 3000);
    facts.velocity = velocity(r, windows, {
      card: () => r.int(1, 12),
      ip: () => r.int(2, 20),
      email: () => r.int(0, 3),
      customer: () => r.int(0, 2),
    });
    facts.card!.cvcCheck = check(r, 0.45, 0.1);
    facts.card!.postalCodeCheck = check(r, 0.35, 0.15);
    return facts;
  },
  stolen_card: (r, windows) => {
    const facts = fraudFacts(r, windows, { elevated: 0.35, highest: 0.2 });
    facts.card!.country = r.chance(0.7) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.ipCountry = r.chance(0.6) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.shippingCountry = r.chance(0.4) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.nameMismatch = r.chance(0.4);
    facts.card!.postalCodeCheck = check(r, 0.35, 0.1);
    facts.card!.addressLine1Check = check(r, 0.4, 0.15);
    facts.amountMinor = Math.round(r.logNormal(Math.log(25_000), 0.7));
    return facts;
  },
  disposable_email: (r, windows) => {
    const facts = fraudFacts(r, windows, { elevated: 0.25, highest: 0.15 });
    facts.emailDomain = r.pick(disposableDomains);
    facts.ipCountry = r.chance(0.35) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.amountMinor = Math.round(r.logNormal(Math.log(12_000), 0.8));
    return facts;
  },
  account_takeover: (r, windows) => {
    const facts = fraudFacts(r, windows, { elevated: 0.25, highest: 0.15 });
    const history = returningHistory(r);
    facts.history = history.history;
    facts.accountAgeDays = Math.floor(r.logNormal(5.5, 1.2)) + 30;
    facts.emailDomain = r.pick(everydayDomains);
    facts.amountMinor = Math.round((history.history.meanPaidMinor ?? 5000) * r.logNormal(Math.log(6), 0.6));
    facts.shippingCountry = r.chance(0.6) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.ipCountry = r.chance(0.55) ? foreign(r, facts.billingCountry) : facts.billingCountry;
    facts.nameMismatch = r.chance(0.5);
    facts.card!.country = facts.billingCountry;
    facts.velocity = velocity(r, windows, {
      customer: () => (r.chance(0.5) ? r.int(1, 4) : 0),
      email: () => 0,
      ip: () => (r.chance(0.3) ? r.int(1, 3) : 0),
      card: () => 0,
    });
    return facts;
  },
};

/** A good order: countries agree (with travellers, gifts and expats as noise), checks pass, Radar mostly calm. */
function legitFacts(r: SeededRandom, windows: readonly number[], accountAgeDays: number | null): RiskFacts {
  const home = r.pick(homeCountries);
  const radarLevel = radarDraw(r, { elevated: 0.02, highest: 0.005 });
  return {
    amountMinor: Math.round(r.logNormal(Math.log(6_000), 0.7)),
    currency: "eur",
    radar: { ...radarLevel, riskScore: radarScore(r, radarLevel.riskLevel, false) },
    card: {
      cvcCheck: check(r, 0.01, 0.03),
      addressLine1Check: check(r, 0.05, 0.2),
      postalCodeCheck: check(r, 0.02, 0.1),
      threeDSecure: r.chance(0.4) ? "authenticated" : r.chance(0.005) ? "failed" : null,
      country: r.chance(0.03) ? foreign(r, home) : home,
      funding: r.chance(0.02) ? "prepaid" : r.pick(["credit", "debit"] as const),
    },
    billingCountry: home,
    shippingCountry: r.chance(0.04) ? r.pick(homeCountries) : home,
    ipCountry: r.chance(0.06) ? r.pick(abroad) : home,
    velocity: velocity(r, windows, {
      customer: () => (r.chance(0.05) ? 1 : 0),
      email: () => (r.chance(0.05) ? 1 : 0),
      ip: () => (r.chance(0.1) ? r.int(1, 2) : 0),
      card: () => (r.chance(0.05) ? 1 : 0),
    }),
    declinesBeforeSuccess: r.chance(0.05) ? 1 : r.chance(0.01) ? 2 : 0,
    history: { paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 },
    accountAgeDays,
    emailDomain: r.chance(0.004) ? r.pick(disposableDomains) : r.pick(everydayDomains),
    nameMismatch: r.chance(0.05),
    blocklisted: r.chance(0.0005) ? ["ip"] : [],
    earlyFraudWarning: r.chance(0.0002),
  };
}

/** A fraudulent order's common ground: a fresh account or a guest, Radar catching only some of it. */
function fraudFacts(
  r: SeededRandom,
  windows: readonly number[],
  radar: { elevated: number; highest: number },
): RiskFacts {
  const facts = legitFacts(r, windows, r.chance(0.5) ? null : r.int(0, 3));
  const radarLevel = radarDraw(r, radar);
  facts.radar = { ...radarLevel, riskScore: radarScore(r, radarLevel.riskLevel, true) };
  facts.card!.threeDSecure = r.chance(0.08) ? "authenticated" : r.chance(0.1) ? "failed" : null;
  facts.card!.funding = r.chance(0.12) ? "prepaid" : "credit";
  facts.emailDomain = r.chance(0.08) ? r.pick(disposableDomains) : r.pick(everydayDomains);
  facts.blocklisted = r.chance(0.05) ? [r.pick(["email", "ip", "card"] as const)] : [];
  facts.earlyFraudWarning = r.chance(0.03);
  return facts;
}

function returningHistory(r: SeededRandom): Pick<RiskFacts, "history"> {
  const meanPaidMinor = Math.round(r.logNormal(Math.log(6_000), 0.6));
  return {
    history: {
      paidOrders: Math.floor(r.logNormal(1.2, 0.9)) + 1,
      meanPaidMinor,
      maxPaidMinor: Math.round(meanPaidMinor * (1.2 + r.next() * 2)),
      refundedOrDisputed: r.chance(0.05) ? 1 : 0,
    },
  };
}

function radarDraw(
  r: SeededRandom,
  p: { elevated: number; highest: number },
): { riskLevel: RiskFacts["radar"]["riskLevel"]; rule: null } {
  const u = r.next();
  if (u < p.highest) return { riskLevel: "highest", rule: null };
  if (u < p.highest + p.elevated) return { riskLevel: "elevated", rule: null };
  return { riskLevel: r.chance(0.01) ? "not_assessed" : "normal", rule: null };
}

/** Radar's score bands: normal 0-64, elevated 65-74, highest 75-99; missed fraud sits higher in normal. */
function radarScore(r: SeededRandom, level: RiskFacts["radar"]["riskLevel"], fraud: boolean): number | null {
  if (level === "highest") return r.int(75, 99);
  if (level === "elevated") return r.int(65, 74);
  if (level === "normal") return fraud ? r.int(15, 64) : r.int(1, 50);
  return null;
}

function check(r: SeededRandom, fail: number, unavailable: number): CardCheck {
  const u = r.next();
  if (u < fail) return "fail";
  if (u < fail + unavailable) return "unavailable";
  return "pass";
}

/** Counts per key that grow with the window: the shortest window's draw, plus more for each longer one. */
function velocity(
  r: SeededRandom,
  windows: readonly number[],
  shortest: Record<VelocityKey, () => number>,
): VelocityCount[] {
  const counts: VelocityCount[] = [];
  for (const key of ["customer", "email", "ip", "card"] as const) {
    let count = shortest[key]();
    windows.forEach((windowMs, i) => {
      if (i > 0 && r.chance(0.3)) count += r.int(1, 2);
      counts.push({ key, windowMs, count });
    });
  }
  return counts;
}

function foreign(r: SeededRandom, home: string | null): string {
  for (;;) {
    const country = r.pick(abroad);
    if (country !== home) return country;
  }
}

function weightedPick<T>(r: SeededRandom, choices: ReadonlyArray<[T, number]>): T {
  let u = r.next();
  for (const [choice, weight] of choices) {
    u -= weight;
    if (u < 0) return choice;
  }
  return choices[choices.length - 1]![0];
}
