import type { RiskAssessment, RiskSignal } from "./risk-facts.js";

/** How many model signals the narrative names on each side. */
const topSignals = 4;

const bandWords = { low: "low risk", review: "sent to review", high: "high risk" } as const;

/**
 * The narrative a reviewer reads when no language model is configured: the band, the rules that fired (they
 * decide first), then the signals that moved the score most, raising and lowering. Built only from the
 * reasons, which hold derived values (countries, counts, ratios), never an e-mail address or a name.
 */
export function narrateRisk(assessment: RiskAssessment): string {
  const { band, score, model, rulesHit } = assessment;
  const sentences = [
    `${capitalize(bandWords[band])}: the model (${model.name} v${model.version}) scored ${score} of 100.`,
  ];
  if (rulesHit.length > 0) sentences.push(`Rules: ${rulesHit.map((hit) => `${hit.reason} (${hit.band})`).join("; ")}.`);
  const weighed = assessment.signals.filter((s) => s.contribution !== 0);
  const raising = weighed
    .filter((s) => s.contribution > 0)
    .sort(byContribution)
    .slice(0, topSignals);
  const lowering = weighed
    .filter((s) => s.contribution < 0)
    .sort(byContribution)
    .reverse()
    .slice(0, topSignals);
  if (raising.length > 0) sentences.push(`Raising the risk: ${describe(raising)}.`);
  if (lowering.length > 0) sentences.push(`Lowering it: ${describe(lowering)}.`);
  if (raising.length === 0 && lowering.length === 0 && rulesHit.length === 0) sentences.push("No signal stood out.");
  return sentences.join(" ");
}

/** Largest first, by absolute size for the lowering side after the reverse; ties by name, so it is stable. */
const byContribution = (a: RiskSignal, b: RiskSignal) =>
  b.contribution - a.contribution || a.name.localeCompare(b.name);

const describe = (signals: RiskSignal[]) =>
  signals.map((s) => `${s.reason} (${s.contribution > 0 ? "+" : ""}${s.contribution.toFixed(2)})`).join("; ");

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
