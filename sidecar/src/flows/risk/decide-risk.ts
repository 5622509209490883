import type { Result } from "../../domain/result.js";
import { narrateRisk } from "../../domain/risk/narrate-risk.js";
import type { RiskAdvice } from "../../domain/risk/risk-advice.js";
import type { RiskAssessment, RiskBand } from "../../domain/risk/risk-facts.js";
import type { ModelFailure } from "../../llm/structured-model.js";

/**
 * The band applied: the score's, except that the advisor may send a low one to review (it recommended review or
 * cancel). It never captures what the rules sent to review and never cancels on its own word.
 */
export function bandWithAdvice(assessment: RiskAssessment, advice: Result<RiskAdvice, ModelFailure> | null): RiskBand {
  if (assessment.band === "low" && advice?.ok && advice.value.recommendedAction !== "capture") return "review";
  return assessment.band;
}

/** What the reviewer reads: the advisor's narrative when it answered, else the one from the reasons. */
export function narrativeOf(
  assessment: RiskAssessment,
  band: RiskBand,
  advice: Result<RiskAdvice, ModelFailure> | null,
): string {
  if (advice?.ok) return advice.value.narrative;
  const failure = advice ? ` (The advisor did not help: ${advice.error.message}.)` : "";
  const asked = band !== assessment.band ? " The advisor asked for a review." : "";
  return narrateRisk(assessment) + asked + failure;
}
