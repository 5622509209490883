import type { Result } from "../../domain/result.js";
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

const bandWords: Record<RiskBand, string> = {
  low: "low risk: captured at once",
  review: "sent to review",
  high: "high risk: cancelled",
};

/**
 * The reviewer's narrative without a model: the band, the rules that fired, then the signals that added most to the
 * score, each with its reason. Deterministic (a local stand-in for the risk-model slice's `narrateRisk`).
 */
export function narrateFromReasons(assessment: RiskAssessment, band: RiskBand = assessment.band): string {
  const lines = [
    `Score ${assessment.score}/100 (${assessment.model.name} v${assessment.model.version}), ${bandWords[band]}.`,
  ];
  for (const hit of assessment.rulesHit) lines.push(`Rule ${hit.rule} (${hit.band}): ${hit.reason}.`);
  const top = [...assessment.signals]
    .filter((s) => s.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.name.localeCompare(b.name))
    .slice(0, 5);
  for (const signal of top) lines.push(`${signal.reason} (+${signal.contribution.toFixed(2)}).`);
  if (band !== assessment.band) lines.push("The advisor asked for a review.");
  return lines.join(" ");
}

/** What the reviewer reads: the advisor's narrative when it answered, else the one from the reasons. */
export function narrativeOf(
  assessment: RiskAssessment,
  band: RiskBand,
  advice: Result<RiskAdvice, ModelFailure> | null,
): string {
  if (advice?.ok) return advice.value.narrative;
  const failure = advice ? ` (The advisor did not help: ${advice.error.message}.)` : "";
  return narrateFromReasons(assessment, band) + failure;
}
