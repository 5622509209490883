import type { NopAddress, NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { CustomerChanges, NopAddressInput } from "@nop-stripe/contract/write-back-schemas.js";

type ChangedField = keyof CustomerChanges;
const scalarFields = ["email", "firstName", "lastName", "phone"] as const;
const addressFields = ["billingAddress", "shippingAddress"] as const;

function sameAddress(current: NopAddress | null, wanted: NopAddressInput | null): boolean {
  if (current === null || wanted === null) return current === wanted;
  return (Object.keys(wanted) as (keyof NopAddressInput)[]).every((key) => current[key] === wanted[key]);
}

/**
 * Applies the fields present in `changes` whose values differ, as the admin's customer edit saves them, and names
 * them. An address edit keeps the address row (its id); a new address gets a new row; null removes it.
 */
export function applyCustomerChanges(
  customer: NopCustomer,
  changes: CustomerChanges,
  newAddressId: () => number,
): ChangedField[] {
  const changed: ChangedField[] = [];
  for (const field of scalarFields) {
    const wanted = changes[field];
    if (wanted === undefined || customer[field] === wanted) continue;
    customer[field] = wanted;
    changed.push(field);
  }
  for (const field of addressFields) {
    const wanted = changes[field];
    if (wanted === undefined || sameAddress(customer[field], wanted)) continue;
    customer[field] = wanted === null ? null : { id: customer[field]?.id ?? newAddressId(), ...wanted };
    changed.push(field);
  }
  return changed;
}
