import type { NopAddress, NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { CustomerChanges, NopAddressInput } from "@nop-stripe/contract/write-back-schemas.js";
import type { StandardAddress } from "../../domain/customers/standard-address.js";
import type { StripeCustomerFields } from "../../ports/stripe.js";

/** Stripe's one name as nopCommerce's two: the first word, and the rest. */
export function splitName(name: string | null): { firstName: string | null; lastName: string | null } {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  return { firstName: words[0] ?? null, lastName: words.length > 1 ? words.slice(1).join(" ") : null };
}

function addressInput(
  address: StandardAddress,
  names: { firstName: string | null; lastName: string | null },
  phone: string | null,
  existing: NopAddress | null,
  email: string | null,
): NopAddressInput {
  return {
    firstName: existing?.firstName ?? names.firstName,
    lastName: existing?.lastName ?? names.lastName,
    email: existing?.email ?? email,
    company: existing?.company ?? null,
    countryCode: address.country,
    stateProvinceCode: address.state,
    county: existing?.county ?? null,
    city: address.city,
    address1: address.line1,
    address2: address.line2,
    zipPostalCode: address.postal_code,
    phoneNumber: phone ?? existing?.phoneNumber ?? null,
  };
}

/** The updateCustomer changes that give nopCommerce these Stripe fields (only those given). */
export function nopChangesOf(fields: Partial<StripeCustomerFields>, customer: NopCustomer): CustomerChanges {
  const changes: CustomerChanges = {};
  if (fields.email) changes.email = fields.email;
  if ("name" in fields) Object.assign(changes, splitName(fields.name ?? null));
  if ("phone" in fields) changes.phone = fields.phone ?? null;
  if ("address" in fields) {
    const a = fields.address;
    const names = splitName(fields.name ?? null);
    changes.billingAddress = a ? addressInput(a, names, null, customer.billingAddress, customer.email) : null;
  }
  if ("shipping" in fields) {
    const s = fields.shipping;
    changes.shippingAddress = s
      ? addressInput(s.address, splitName(s.name), s.phone, customer.shippingAddress, customer.email)
      : null;
  }
  return changes;
}
