import { z } from "zod";
import { type RetryPolicies, type RetryPolicy, withinWindow } from "./retry-policy.js";

const overrideSchema = z
  .object({
    maxAttempts: z.number().int().positive(),
    baseDelayMs: z.number().int().positive(),
    maxDelayMs: z.number().int().positive(),
  })
  .partial()
  .strict();

const overridesSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_-]*$/, "system names are lower case, e.g. erp, stripe, nop, wms, database"),
  overrideSchema,
);

export type RetryPolicyOverrides = z.output<typeof overridesSchema>;

/** RETRY_POLICIES, validated at start-up; the message names the offending path. */
export function parseRetryPolicyOverrides(input: unknown): RetryPolicyOverrides {
  const parsed = overridesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`invalid retry policies at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

/** Stripe forgets an idempotency key after 24 hours; its retries end 4 hours inside that. */
export const stripeRetryWindowMs = 20 * 60 * 60 * 1000;

/**
 * The policies jobs retry under: the default for every system, each override over it, and Stripe's always
 * inside its idempotency window (a retry after the key expired could charge or refund twice).
 */
export function resolveRetryPolicies(defaults: RetryPolicy, overrides: RetryPolicyOverrides = {}): RetryPolicies {
  const systems: Record<string, RetryPolicy> = {};
  for (const [system, override] of Object.entries(overrides)) systems[system] = { ...defaults, ...override };
  systems.stripe = withinWindow(systems.stripe ?? defaults, stripeRetryWindowMs);
  return { default: defaults, systems };
}
