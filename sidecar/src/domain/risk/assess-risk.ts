import type { RiskAssessment, RiskBand, RiskFacts, RiskSignal } from "./risk-facts.js";
import { extractRiskFeatures } from "./risk-features.js";
import { defaultRiskModel, type RiskModel } from "./risk-model.js";
import { riskRuleHits } from "./risk-rule-hits.js";
import type { StoreRiskRules } from "./risk-rules.js";

/**
 * The score: deterministic rules, then the weighted model, then the store's bands. Pure and fast (scoring
 * p99 under 5 ms): the flow calls it once per authorization and stores the result with its decision.
 * The band is the higher of the rules' bands and the model's score against the store's reviewFrom/highFrom.
 * `model` defaults to the shipped weights; the flow passes the one RISK_MODEL_FILE names, if set.
 */
export function assessRisk(
  facts: RiskFacts,
  rules: StoreRiskRules,
  model: RiskModel = defaultRiskModel,
): RiskAssessment {
  const signals: RiskSignal[] = [];
  let logOdds = model.bias;
  for (const feature of extractRiskFeatures(facts)) {
    const weight = feature.ruleOnly ? 0 : (model.weights.get(feature.name) ?? 0);
    const contribution = weight * feature.x;
    logOdds += contribution;
    signals.push({
      name: feature.name,
      value: feature.value,
      weight,
      contribution: roundTo4(contribution),
      reason: feature.reason,
    });
  }
  const score = Math.round(100 * sigmoid(logOdds));
  const rulesHit = riskRuleHits(facts);
  const band = rulesHit.reduce((highest, hit) => higherBand(highest, hit.band), scoreBand(score, rules));
  return { score, band, signals, rulesHit, model: { name: model.name, version: model.version } };
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The model's band alone: from `highFrom` high, from `reviewFrom` review. */
export function scoreBand(score: number, rules: Pick<StoreRiskRules, "reviewFrom" | "highFrom">): RiskBand {
  if (score >= rules.highFrom) return "high";
  if (score >= rules.reviewFrom) return "review";
  return "low";
}

const bandRank: Record<RiskBand, number> = { low: 0, review: 1, high: 2 };

export const higherBand = (a: RiskBand, b: RiskBand): RiskBand => (bandRank[b] > bandRank[a] ? b : a);

const roundTo4 = (n: number) => Math.round(n * 10_000) / 10_000;
