import type Stripe from "stripe";
import type { ParamObject } from "./form-decoding.js";
import { optObject, optString } from "./params.js";

export function addressFrom(params: ParamObject | undefined): Stripe.Address | null {
  if (!params) return null;
  const text = (key: string) => optString(params, key) || null;
  return {
    city: text("city"),
    country: text("country"),
    line1: text("line1"),
    line2: text("line2"),
    postal_code: text("postal_code"),
    state: text("state"),
  };
}

export interface ShippingDetails {
  address: Stripe.Address;
  name: string;
  phone: string | null;
  carrier: string | null;
  tracking_number: string | null;
}

export function shippingFrom(params: ParamObject, name = "shipping"): ShippingDetails | null | undefined {
  if (params[name] === "") return null;
  const shipping = optObject(params, name);
  if (!shipping) return undefined;
  return {
    address: addressFrom(optObject(shipping, "address") ?? {}) ?? emptyAddress(),
    name: optString(shipping, "name") ?? "",
    phone: optString(shipping, "phone") || null,
    carrier: optString(shipping, "carrier") || null,
    tracking_number: optString(shipping, "tracking_number") || null,
  };
}

export function emptyAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}
