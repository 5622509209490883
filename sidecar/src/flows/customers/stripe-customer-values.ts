import type { NopAddress, NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import { standardAddress } from "../../domain/customers/standard-address.js";
import type { StripeCustomerValues } from "../../ports/stripe.js";

/** Metadata key of the nop version a Stripe customer was created from. */
export const nopVersionMetadataKey = "sidecar_nop_version";

/**
 * Metadata key our every update sets to its own action key, so the customer.updated it raises names it among
 * its previous attributes: recognised as ours, never taken for a change made in Stripe.
 */
export const syncMarkerKey = "sidecar_sync";

/** The metadata that ties a Stripe customer to its nopCommerce customer. */
export function customerMetadata(customer: {
  id: number;
  customerGuid: string;
  storeId: number;
}): Record<string, string> {
  return {
    nop_customer_id: String(customer.id),
    nop_customer_guid: customer.customerGuid.toLowerCase(),
    nop_store_id: String(customer.storeId),
  };
}

const joined = (...parts: (string | null | undefined)[]) => parts.filter((p) => p?.trim()).join(" ") || null;

/** nopCommerce's customer as Stripe's customer: name, e-mail, phone, both addresses standardized, metadata. */
export function stripeValuesOf(customer: NopCustomer, version: number | null): StripeCustomerValues {
  const name = joined(customer.firstName, customer.lastName);
  const shipping = customer.shippingAddress;
  const shippingName = shipping ? (joined(shipping.firstName, shipping.lastName) ?? name) : null;
  return {
    email: customer.email?.trim() || null,
    name,
    phone: customer.phone?.trim() || customer.billingAddress?.phoneNumber?.trim() || null,
    address: addressOf(customer.billingAddress),
    shipping:
      shipping && shippingName
        ? { name: shippingName, phone: shipping.phoneNumber?.trim() || null, address: addressOf(shipping)! }
        : null,
    metadata: {
      ...customerMetadata({ ...customer, storeId: customer.registeredInStoreId }),
      ...(version === null ? {} : { [nopVersionMetadataKey]: String(version) }),
    },
  };
}

const addressOf = (address: NopAddress | null) => (address ? standardAddress(address) : null);
