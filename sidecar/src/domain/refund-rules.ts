import { z } from "zod";
import { parseRules, perStoreRules } from "./rules-data.js";

/** One store's refund rules. Data, validated at start-up like the order-to-cash rules. */
export const storeRefundRulesSchema = z
  .object({
    /** The return request status at which the money goes back (nopCommerce's seed rule: ReturnAuthorized). */
    approvedStatus: z.enum(["ReturnAuthorized", "Received"]),
    /** Refund the order's shipping with a return that brings the last of the order's items back. */
    refundShippingOnFullReturn: z.boolean(),
    /** Kept from a return's item amount, in basis points (1500 = 15 %). */
    restockingFeeBasisPoints: z.number().int().min(0).max(10_000),
    /** Put returned items back in stock (nopCommerce's setStockQuantity), once per return request. */
    restock: z.boolean(),
  })
  .strict();

export const refundRulesSchema = perStoreRules(storeRefundRulesSchema, storeRefundRulesSchema.partial());

export type StoreRefundRules = z.output<typeof storeRefundRulesSchema>;
export type RefundRules = z.output<typeof refundRulesSchema>;

export const defaultRefundRules: RefundRules = {
  version: 1,
  defaults: {
    approvedStatus: "ReturnAuthorized",
    refundShippingOnFullReturn: true,
    restockingFeeBasisPoints: 0,
    restock: true,
  },
  stores: {},
};

/** Validates rules at start-up; the message names the offending path. */
export function parseRefundRules(input: unknown): RefundRules {
  return parseRules("refund rules", refundRulesSchema, input);
}

export function refundRulesForStore(rules: RefundRules, storeId: number | null): StoreRefundRules {
  return { ...rules.defaults, ...(storeId === null ? {} : rules.stores[String(storeId)]) };
}
