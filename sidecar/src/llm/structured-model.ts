import type { z } from "zod";
import type { Result } from "../domain/result.js";

/**
 * A language model asked for one structured answer. Advisory everywhere it is used: a caller treats a
 * failure as "no advice" and goes on with its deterministic default. `llm/openai-structured-model.ts` speaks
 * to any OpenAI-compatible endpoint; with none configured the sidecar has no model at all (null), never a fake.
 */
export interface StructuredModel {
  /** The model's name as configured (stored with each answer, so a reader knows who said it). */
  readonly model: string;
  ask<T>(request: StructuredRequest<T>): Promise<Result<T, ModelFailure>>;
}

export interface StructuredRequest<T> {
  /** The JSON Schema's name in `response_format` (letters, digits, _ and -). */
  name: string;
  /** Instructions: what the model is, what it may and may not do. */
  system: string;
  /** The question, as JSON the caller has already stripped of personal and card data. */
  user: string;
  /** Validates the answer; an answer that does not fit is a failure (`invalid_answer`), never used. */
  schema: z.ZodType<T>;
}

export interface ModelFailure {
  kind: "timeout" | "unreachable" | "refused" | "rate_limited" | "invalid_answer" | "error";
  /** One line for the note the reviewer sees ("the model did not answer within 8 s"). Never a secret. */
  message: string;
}
