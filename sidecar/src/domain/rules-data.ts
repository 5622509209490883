import { z } from "zod";

/**
 * Rules are data an operator edits as JSON (ORDER_TO_CASH_RULES, REFUND_RULES, RISK_RULES, ...): one shape for
 * "defaults, then overrides per nopCommerce store", and one refusal at start-up that names the path at fault.
 */

/** `{ version: 1, defaults, stores: { "<store id>": overrides } }`; a store's overrides are any subset. */
export function perStoreRules<D extends z.ZodType, O extends z.ZodType>(defaults: D, overrides: O) {
  return z
    .object({
      version: z.literal(1),
      defaults,
      /** Overrides per nopCommerce store id (as a string key, JSON style). */
      stores: z.record(z.string().regex(/^\d+$/, "store keys are numeric store ids"), overrides),
    })
    .strict();
}

/** The parsed rules, or an Error such as `invalid refund rules at defaults.restock: expected boolean`. */
export function parseRules<S extends z.ZodType>(what: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw rulesError(what, parsed.error.issues[0]!);
}

export function rulesError(what: string, issue: { path: PropertyKey[]; message: string }, prefix = ""): Error {
  return new Error(`invalid ${what} at ${prefix}${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
}
