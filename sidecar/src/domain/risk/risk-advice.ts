import type { ModelFailure } from "../../llm/structured-model.js";
import type { Result } from "../result.js";
import type { RiskAssessment, RiskFacts } from "./risk-facts.js";

/** A language model's advice on a scored payment: for the reviewer, never the last word. */
export interface RiskAdvice {
  /** A few sentences for the reviewer, from the signals only. */
  narrative: string;
  /** The signal names (RiskSignal.name) the model weighed most. */
  weighedSignals: string[];
  recommendedAction: "capture" | "review" | "cancel";
  /** The model that answered, as configured. */
  model: string;
}

/**
 * Asks a model about a scored payment. It sees only what `RiskFacts` and the assessment hold, with anything
 * that could identify a person dropped before it leaves; any failure is a `ModelFailure`, and the rules decide
 * alone. The flow stores the answer (or the failure) with its decision, so a replay never asks again.
 */
export interface RiskAdvisor {
  advise(input: { facts: RiskFacts; assessment: RiskAssessment }): Promise<Result<RiskAdvice, ModelFailure>>;
}
