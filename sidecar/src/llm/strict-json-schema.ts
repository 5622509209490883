import { zodResponseFormat } from "openai/helpers/zod";
import type { z } from "zod";

/**
 * The `response_format` for a zod schema, in the subset of JSON Schema that OpenAI's strict mode accepts (every
 * property required, no additional properties: the openai package's own conversion). String lengths are not in
 * that subset, so they move into the description; the zod schema still enforces them on the answer.
 */
export function strictResponseFormat(name: string, schema: z.ZodType) {
  const { json_schema } = zodResponseFormat(schema, name);
  return {
    type: "json_schema" as const,
    json_schema: { name, strict: true, schema: withoutStringLengths(json_schema.schema) },
  };
}

type JsonSchemaNode = Record<string, unknown>;

function withoutStringLengths(node: unknown): JsonSchemaNode | undefined {
  if (!node || typeof node !== "object") return node as undefined;
  if (Array.isArray(node)) return node.map(withoutStringLengths) as unknown as JsonSchemaNode;
  const { minLength, maxLength, ...rest } = node as JsonSchemaNode;
  const copy: JsonSchemaNode = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutStringLengths(v)]));
  const bounds = [
    minLength !== undefined ? `at least ${minLength}` : "",
    maxLength !== undefined ? `at most ${maxLength}` : "",
  ].filter(Boolean);
  if (bounds.length > 0) {
    const hint = `${bounds.join(" and ")} characters`;
    copy.description = copy.description ? `${copy.description} (${hint})` : hint;
  }
  return copy;
}
