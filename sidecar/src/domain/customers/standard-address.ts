/** An address as Stripe holds it (`address`, and `shipping.address`), every part optional. */
export interface StandardAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
}

/** The parts of a nopCommerce address the standard form is made from. */
export interface AddressParts {
  address1: string | null;
  address2: string | null;
  city: string | null;
  stateProvinceCode: string | null;
  zipPostalCode: string | null;
  countryCode: string | null;
}

/**
 * One spelling per address, so the same address read from either side compares equal: ISO 3166 alpha-2
 * country and state codes upper case, postal codes in their country's format where it has a fixed one, blank
 * parts null. Unknown formats are only trimmed and upper-cased: a wrong guess is worse than none.
 */
export function standardAddress(parts: AddressParts): StandardAddress {
  const country = clean(parts.countryCode)?.toUpperCase() ?? null;
  return {
    line1: clean(parts.address1),
    line2: clean(parts.address2),
    city: clean(parts.city),
    state: clean(parts.stateProvinceCode)?.toUpperCase() ?? null,
    postal_code: postalCode(clean(parts.zipPostalCode), country),
    country,
  };
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim().replace(/\s+/g, " ");
  return trimmed ? trimmed : null;
}

/** Countries whose postal code has a fixed split: the inward part (last 3) after a space. */
const spacedBeforeLastThree = new Set(["GB", "CA"]);

export function postalCode(raw: string | null, country: string | null): string | null {
  if (raw === null) return null;
  const upper = raw.toUpperCase();
  const compact = upper.replace(/[\s-]/g, "");
  switch (country) {
    case "US":
      // ZIP or ZIP+4.
      if (/^\d{5}$/.test(compact)) return compact;
      if (/^\d{9}$/.test(compact)) return `${compact.slice(0, 5)}-${compact.slice(5)}`;
      return upper;
    case "NL":
      return /^\d{4}[A-Z]{2}$/.test(compact) ? `${compact.slice(0, 4)} ${compact.slice(4)}` : upper;
    default:
      if (country !== null && spacedBeforeLastThree.has(country) && compact.length > 3)
        return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
      return upper;
  }
}
