import { z } from "zod";
import { parseRules } from "./rules-data.js";

/** How disputes are handled, per store where the store matters. */
export interface DisputeRules {
  /** Alert when the evidence due date is this close and nothing was submitted. */
  dueSoonMs: number;
  /**
   * A lost dispute is written to nopCommerce as an offline refund of the disputed amount (RefundOffline /
   * PartiallyRefundOffline), so its PaymentStatus and RefundedAmount say the money went back, as nopCommerce
   * itself would record it. Off: a note only.
   */
  recordLossAsRefund: boolean;
  /**
   * A dispute that opens before order-to-cash asked the warehouse to fulfil (a dispute test card, or a payment
   * disputed at once) has no request to hold: the flow looks again this long after, and holds it then.
   */
  fulfillmentRecheckMs: number;
  /** The refund policy the customer saw, per store id ("default" for the others): disclosed as evidence. */
  refundPolicies: Record<string, string>;
}

export const defaultDisputeRules: DisputeRules = {
  dueSoonMs: 72 * 3600 * 1000,
  recordLossAsRefund: true,
  fulfillmentRecheckMs: 60_000,
  refundPolicies: {},
};

/** DISPUTE_RULES, e.g. {"dueSoonHours":48,"refundPolicies":{"default":"Returns within 30 days..."}}. */
export const disputeRulesSchema = z
  .object({
    dueSoonHours: z
      .number()
      .positive()
      .max(24 * 30)
      .optional(),
    recordLossAsRefund: z.boolean().optional(),
    fulfillmentRecheckSeconds: z
      .number()
      .positive()
      .max(24 * 3600)
      .optional(),
    refundPolicies: z.record(z.string(), z.string().min(1).max(20_000)).optional(),
  })
  .strict()
  .transform(
    (r): DisputeRules => ({
      dueSoonMs: r.dueSoonHours === undefined ? defaultDisputeRules.dueSoonMs : r.dueSoonHours * 3600 * 1000,
      recordLossAsRefund: r.recordLossAsRefund ?? defaultDisputeRules.recordLossAsRefund,
      fulfillmentRecheckMs:
        r.fulfillmentRecheckSeconds === undefined
          ? defaultDisputeRules.fulfillmentRecheckMs
          : r.fulfillmentRecheckSeconds * 1000,
      refundPolicies: r.refundPolicies ?? {},
    }),
  );

export const refundPolicyFor = (rules: DisputeRules, storeId: number | null): string | undefined =>
  (storeId === null ? undefined : rules.refundPolicies[String(storeId)]) ?? rules.refundPolicies.default;

/** DISPUTE_RULES as parsed at start-up: a clear error naming the field, else the rules. */
export function parseDisputeRules(input: unknown): DisputeRules {
  return parseRules("dispute rules", disputeRulesSchema, input);
}
