import type { RiskAssessment, RiskFacts } from "./risk-facts.js";
import type { StoreRiskRules } from "./risk-rules.js";

/**
 * The score: deterministic rules, then the weighted model, then the store's bands. Pure and fast (scoring
 * p99 under 5 ms): the flow calls it once per authorization and stores the result with its decision.
 * (Placeholder signature for the parallel work of this issue: the real scorer replaces this body.)
 */
export function assessRisk(_facts: RiskFacts, _rules: StoreRiskRules): RiskAssessment {
  throw new Error("assessRisk is not built yet");
}
