import { z } from "zod";
import { PaymentStatus, type PaymentStatusId } from "./nop-statuses.js";
import { parseRules, perStoreRules } from "./rules-data.js";

const paymentStatusName = z.enum(Object.keys(PaymentStatus) as [keyof typeof PaymentStatus]);

/** One store's rules. Everything is data: an operator changes behaviour by editing JSON, not code. */
export const storeRulesSchema = z
  .object({
    /** manual: authorize only, capture later (admin Capture or risk review). */
    captureMethod: z.enum(["automatic", "manual"]),
    /** Manual capture for orders at or above this total, in minor units (null: never by amount). */
    manualCaptureFromMinor: z.number().int().positive().nullable(),
    /** Sync an order to the ERP only once its nopCommerce PaymentStatus is one of these. */
    erpSyncPaymentStatuses: z.array(paymentStatusName).min(1),
    /** Ask the WMS to fulfil once the ERP has the order (orders that need shipping only). */
    fulfillment: z.boolean(),
    /** A Pending order whose payment did not succeed is cancelled this long after a decline. */
    cancelUnpaidAfterMs: z.number().int().positive(),
    /** Write the decline reason to the order as a note the customer sees. */
    notifyCustomerOnDecline: z.boolean(),
  })
  .strict();

export const orderToCashRulesSchema = perStoreRules(storeRulesSchema, storeRulesSchema.partial());

export type StoreRules = z.output<typeof storeRulesSchema>;
export type OrderToCashRules = z.output<typeof orderToCashRulesSchema>;

export const defaultOrderToCashRules: OrderToCashRules = {
  version: 1,
  defaults: {
    captureMethod: "automatic",
    manualCaptureFromMinor: null,
    erpSyncPaymentStatuses: ["Paid"],
    fulfillment: true,
    cancelUnpaidAfterMs: 24 * 60 * 60 * 1000,
    notifyCustomerOnDecline: true,
  },
  stores: {},
};

/** Validates rules at start-up; the message names the offending path. */
export function parseOrderToCashRules(input: unknown): OrderToCashRules {
  return parseRules("order-to-cash rules", orderToCashRulesSchema, input);
}

export function rulesForStore(rules: OrderToCashRules, storeId: number): StoreRules {
  return { ...rules.defaults, ...rules.stores[String(storeId)] };
}

export function captureMethodFor(rules: StoreRules, totalMinor: number): "automatic" | "manual" {
  if (rules.captureMethod === "manual") return "manual";
  if (rules.manualCaptureFromMinor !== null && totalMinor >= rules.manualCaptureFromMinor) return "manual";
  return "automatic";
}

export function erpSyncAllowed(rules: StoreRules, paymentStatusId: PaymentStatusId): boolean {
  return rules.erpSyncPaymentStatuses.some((name) => PaymentStatus[name] === paymentStatusId);
}
