import { type SyncedField, syncedFields } from "../../domain/customers/field-ownership.js";
import type { CustomerGuid } from "../../domain/ids.js";
import type { SyncValues } from "./plan-sync.js";

/** A field, or the whole customer when one side has none. */
export type DriftField = SyncedField | "customer";

/** One difference between nopCommerce and Stripe, as read now from both. */
export interface CustomerDriftFinding {
  /** `cusdrift:<customer guid>:<field>`: the same difference found again is the same row. */
  id: string;
  customerGuid: CustomerGuid;
  field: DriftField;
  nopValue: unknown;
  stripeValue: unknown;
}

/** JSON with keys sorted, so values stored as jsonb (which reorders keys) compare with values just read. */
const canonical = (value: unknown): string =>
  value !== null && typeof value === "object"
    ? Array.isArray(value)
      ? `[${value.map(canonical).join(",")}]`
      : `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k] ?? null)}`)
          .join(",")}}`
    : JSON.stringify(value ?? null);

/** The synced fields whose values differ between two customers in the sync's form. */
export const differingFields = (a: SyncValues, b: SyncValues): SyncedField[] =>
  syncedFields.filter((f) => canonical(a[f]) !== canonical(b[f]));

export const driftId = (customerGuid: CustomerGuid, field: DriftField) => `cusdrift:${customerGuid}:${field}`;

/**
 * Pure: the differences of one linked customer, field by field in the sync's form (Stripe's, addresses
 * standardized on both sides, so a format alone is no difference). Null: that system has no such customer.
 */
export function customerDrift(
  customerGuid: CustomerGuid,
  nop: SyncValues | null,
  stripe: SyncValues | null,
): CustomerDriftFinding[] {
  const finding = (field: DriftField, nopValue: unknown, stripeValue: unknown) => ({
    id: driftId(customerGuid, field),
    customerGuid,
    field,
    nopValue,
    stripeValue,
  });
  if (!nop || !stripe) return [finding("customer", nop ? "present" : "missing", stripe ? "present" : "missing")];
  return differingFields(nop, stripe).map((f) => finding(f, nop[f] ?? null, stripe[f] ?? null));
}
