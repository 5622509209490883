import { z } from "zod";
import { parseRules, perStoreRules, rulesError } from "../rules-data.js";

/**
 * One store's risk rules. Data, validated at start-up like the order rules: which payments are authorized
 * first and decided before capture, the score bands, the velocity windows, and what happens at the edges
 * (an authorization about to expire unreviewed, an early fraud warning).
 */
const storeRiskRulesFields = z
  .object({
    /**
     * Which card payments are authorized only (manual capture) and decided by the score before capture:
     * all, those at or above `decideFromMinor`, new customers only (guests and accounts without a paid order),
     * or none (capture as order-to-cash's rules say, no score).
     */
    decide: z.enum(["all", "above_amount", "new_customers", "none"]),
    /** Minor units of the order's currency; used when `decide` is above_amount. */
    decideFromMinor: z.number().int().positive().nullable(),
    /** Score bands (0..100): below `reviewFrom` low (capture at once), from `highFrom` high (cancel). */
    reviewFrom: z.number().int().min(1).max(100),
    highFrom: z.number().int().min(1).max(100),
    /** The windows velocity is counted over, in milliseconds (e.g. 1 h and 24 h). */
    velocityWindowsMs: z.array(z.number().int().positive()).min(1).max(4),
    /** Alert this long before an authorization under review expires. */
    expiryAlertBeforeMs: z.number().int().positive(),
    /** What to do when an authorization is about to expire unreviewed: capture it, or cancel it. */
    atExpiry: z.enum(["capture", "cancel"]),
    /** How long a reviewer's claim holds before another reviewer may take the review. */
    claimForMs: z.number().int().positive(),
    /** Refund a charge that gets a Radar early fraud warning, before it becomes a dispute. */
    refundOnEarlyFraudWarning: z.boolean(),
  })
  .strict();

/** Rules that cannot hold together are refused by name. */
export const storeRiskRulesSchema = storeRiskRulesFields
  .refine((r) => r.reviewFrom < r.highFrom, { message: "reviewFrom must be below highFrom", path: ["reviewFrom"] })
  .refine((r) => r.decide !== "above_amount" || r.decideFromMinor !== null, {
    message: "decide above_amount needs decideFromMinor",
    path: ["decideFromMinor"],
  });

export const riskRulesSchema = perStoreRules(storeRiskRulesSchema, storeRiskRulesFields.partial());

export type StoreRiskRules = z.output<typeof storeRiskRulesSchema>;
export type RiskRules = z.output<typeof riskRulesSchema>;

const hour = 60 * 60 * 1000;

/** Off by default: a store opts in to authorize-then-decide. */
export const defaultRiskRules: RiskRules = {
  version: 1,
  defaults: {
    decide: "none",
    decideFromMinor: null,
    reviewFrom: 35,
    highFrom: 75,
    velocityWindowsMs: [hour, 24 * hour],
    expiryAlertBeforeMs: 24 * hour,
    atExpiry: "cancel",
    claimForMs: 15 * 60 * 1000,
    refundOnEarlyFraudWarning: false,
  },
  stores: {},
};

/** Validates rules at start-up; the message names the offending path. */
export function parseRiskRules(input: unknown): RiskRules {
  const rules = parseRules("risk rules", riskRulesSchema, input);
  // A store's overrides must hold together with the defaults they complete (bands in order, say).
  for (const storeId of Object.keys(rules.stores)) {
    const merged = storeRiskRulesSchema.safeParse(riskRulesForStore(rules, Number(storeId)));
    if (!merged.success) throw rulesError("risk rules", merged.error.issues[0]!, `stores.${storeId}.`);
  }
  return rules;
}

export function riskRulesForStore(rules: RiskRules, storeId: number): StoreRiskRules {
  return { ...rules.defaults, ...rules.stores[String(storeId)] };
}

/** Is this payment authorized first and decided by the score? Known when the PaymentIntent is made. */
export function decidesBeforeCapture(
  rules: StoreRiskRules,
  payment: { amountMinor: number; newCustomer: boolean },
): boolean {
  switch (rules.decide) {
    case "all":
      return true;
    case "above_amount":
      return rules.decideFromMinor !== null && payment.amountMinor >= rules.decideFromMinor;
    case "new_customers":
      return payment.newCustomer;
    case "none":
      return false;
  }
}
