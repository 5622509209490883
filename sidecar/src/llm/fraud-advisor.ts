import { z } from "zod";
import { err, ok, type Result } from "../domain/result.js";
import type { RiskAdvice, RiskAdvisor } from "../domain/risk/risk-advice.js";
import type { RiskAssessment, RiskFacts } from "../domain/risk/risk-facts.js";
import { fraudPromptInput } from "./fraud-prompt-input.js";
import type { ModelFailure, StructuredModel } from "./structured-model.js";

export const FRAUD_ADVICE_MAX_NARRATIVE = 1200;

/** The answer the model must give; anything else is `invalid_answer` and the rules decide alone. */
export const fraudAdviceAnswer = z.object({
  narrative: z
    .string()
    .min(1)
    .max(FRAUD_ADVICE_MAX_NARRATIVE)
    .describe("A few plain sentences for the human reviewer: what the signals together suggest, and why."),
  weighedSignals: z
    .array(z.string())
    .describe("The names of the given signals you weighed most, most important first; only names from the input."),
  recommendedAction: z
    .enum(["capture", "review", "cancel"])
    .describe("capture: looks genuine; review: a person should look; cancel: looks fraudulent."),
});

export const FRAUD_ADVISOR_SYSTEM_PROMPT = [
  "You assist a human fraud reviewer of an online shop. Your answer is advice only: deterministic rules have",
  "already scored this card payment, they decide, and a person makes the final call. You cannot capture a",
  "payment the rules sent to review.",
  "The input is JSON: the payment's amount (minor units), Stripe Radar's outcome, card checks, countries,",
  "velocity counts, the customer's history, and the score's signals with the reason each contributes.",
  "Personal data has been removed on purpose; do not ask for it or guess it.",
  "Answer in the given JSON schema: a short narrative for the reviewer grounded only in the input,",
  "the names of the signals you weighed most (only names present in the input), and a recommended action.",
  "When the evidence is mixed or thin, recommend review.",
].join("\n");

/**
 * Asks a model for advice on a scored payment, sending `fraudPromptInput` (nothing personal). Signal names the
 * model made up are dropped rather than failing the answer: the narrative is still worth reading, and the names
 * only point at signals the reviewer already sees.
 */
export class FraudAdvisor implements RiskAdvisor {
  constructor(private readonly model: StructuredModel) {}

  async advise(input: { facts: RiskFacts; assessment: RiskAssessment }): Promise<Result<RiskAdvice, ModelFailure>> {
    const prompt = fraudPromptInput(input.facts, input.assessment);
    const answer = await this.model.ask({
      name: "fraud_advice",
      system: FRAUD_ADVISOR_SYSTEM_PROMPT,
      user: JSON.stringify(prompt),
      schema: fraudAdviceAnswer,
    });
    if (!answer.ok) return err(answer.error);
    // The model saw the names as sent (scrubbed); each maps back to the assessment's own name.
    const sentNames = new Map(prompt.assessment.signals.map((s, i) => [s.name, input.assessment.signals[i]!.name]));
    const weighed = answer.value.weighedSignals.flatMap((name) => sentNames.get(name) ?? []);
    return ok({
      narrative: answer.value.narrative,
      weighedSignals: [...new Set(weighed)],
      recommendedAction: answer.value.recommendedAction,
      model: this.model.model,
    });
  }
}
