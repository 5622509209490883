import { z } from "zod";
import { fieldRuleSchema, parseMappingSpec } from "../../domain/mapping/mapping-spec.js";
import type { StructuredModel } from "../../llm/structured-model.js";
import { shapeOf } from "./payload-shape.js";
import { locateRule, withRule } from "./spec-edit.js";
import { type MappingFailure, type MappingSuggestion, suggestion } from "./suggestion.js";

/** The answer asked for: rule changes as JSON text (a recursive schema is more than structured output allows). */
const answerSchema = z.object({
  changes: z
    .array(
      z.object({
        field: z.string().describe("the target field whose rule changes, e.g. customer.email or lines.0.unitPrice"),
        rule: z.string().describe("the new rule for that field, as JSON in the mapping's rule format"),
      }),
    )
    .min(1)
    .max(5),
  reason: z.string().max(500),
  confidence: z.number().min(0).max(1),
});

const system = [
  "You fix declarative data mappings. A mapping turns a source payload into a target document; each target field",
  "has a rule: {from: path | paths, orElse?: path, transform?: [...], optional?: boolean} | {const} | {object: {...}}",
  "| {each: path, as: alias, fields: {...}}. Transforms are names (string, trim, upper, lower, money,",
  "money-difference, iso-datetime, iso-date, boolean, currency, country, postal-code, person-name, address,",
  "integer, minor-units) or a lookup {map: {source: target}, at?: property, otherwise?: 'keep'}.",
  "You are given the mapping, the error (field and message), the failing value, and the payload's shape (its paths",
  "and their types, no values). Propose the smallest change of rules that maps this payload; change nothing else.",
].join(" ");

/** Values out: the payload only as paths and types; an object that failed as its shape too. */
function question(failure: MappingFailure): string {
  const objectValue = typeof failure.value === "object" && failure.value !== null;
  const value = objectValue ? shapeOf(failure.value) : failure.value;
  const message = objectValue
    ? failure.message.replace(JSON.stringify(failure.value), "(see value shape)")
    : failure.message;
  return JSON.stringify({
    mapping: failure.spec,
    error: { field: failure.field, message },
    failingValue: value ?? null,
    payloadShape: shapeOf(failure.scope),
  });
}

export interface ModelSuggestions {
  suggestions: MappingSuggestion[];
  /** What went wrong, for the admin: the model did not answer, or its change is not a valid mapping. */
  notes: string[];
}

/** Asks the model (if any) for a mapping change; an answer that is not a valid mapping is dropped with a note. */
export async function modelSuggestions(
  model: StructuredModel | null,
  failure: MappingFailure,
): Promise<ModelSuggestions> {
  if (!model) return { suggestions: [], notes: [] };
  const answer = await model.ask({ name: "mapping_fix", system, user: question(failure), schema: answerSchema });
  if (!answer.ok) return { suggestions: [], notes: [`model ${model.model}: no suggestion (${answer.error.message})`] };
  try {
    let spec = failure.spec;
    for (const change of answer.value.changes) {
      const location = locateRule(spec, change.field);
      if (!location) throw new Error(`no rule makes ${change.field}`);
      const rule = fieldRuleSchema.parse(JSON.parse(change.rule));
      spec = { ...withRule(spec, location.keys, rule), version: failure.spec.version + 1 };
    }
    const valid = parseMappingSpec(spec);
    return {
      suggestions: [
        suggestion("model", valid, answer.value.confidence, `model ${model.model}: ${answer.value.reason}`),
      ],
      notes: [],
    };
  } catch (err) {
    const why = err instanceof z.ZodError ? (err.issues[0]?.message ?? "invalid rule") : (err as Error).message;
    return { suggestions: [], notes: [`model ${model.model}: its change was dropped, not a valid mapping (${why})`] };
  }
}
