import countries from "i18n-iso-countries";
import english from "i18n-iso-countries/langs/en.json" with { type: "json" };
import { fromDecimalString, subtract } from "../money.js";
import type { LookupTransform, TransformName } from "./mapping-spec.js";

countries.registerLocale(english);

/** Context every transform may read: the document's currency for money. */
export interface TransformContext {
  currency: string;
}

export class TransformFailure extends Error {
  override name = "TransformFailure";
}

const text = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TransformFailure("expected text");
};

/** Empty after trimming counts as absent: ERPs reject "" where a value is optional. */
const clean = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const trimmed = text(value).trim().replace(/\s+/g, " ");
  return trimmed === "" ? undefined : trimmed;
};

function money(value: unknown, context: TransformContext): number {
  const result = fromDecimalString(text(value), context.currency);
  if (!result.ok) throw new TransformFailure(result.error.message);
  return result.value.amount;
}

/** Any of alpha-2, alpha-3, numeric or the English name -> ISO 3166-1 alpha-2. */
export function countryCode(value: unknown): string {
  const raw = clean(value);
  if (!raw) throw new TransformFailure("country is missing");
  const upper = raw.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.isValid(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const alpha2 = countries.alpha3ToAlpha2(upper);
    if (alpha2) return alpha2;
  }
  if (/^\d{3}$/.test(raw)) {
    const alpha2 = countries.numericToAlpha2(raw);
    if (alpha2) return alpha2;
  }
  const byName = countries.getAlpha2Code(raw, "en") ?? countries.getSimpleAlpha2Code(raw, "en");
  if (byName) return byName;
  throw new TransformFailure("not an ISO 3166 country code or English country name");
}

/**
 * Postal codes: trimmed, upper case, single spaces. Country formats that differ only by a missing separator are
 * restored where the rule is unambiguous (UK outward/inward split, NL "1234 AB", US ZIP+4 hyphen).
 */
export function postalCode(value: unknown, country: string | undefined): string | undefined {
  const raw = clean(value)?.toUpperCase();
  if (!raw) return undefined;
  const compact = raw.replace(/[\s-]/g, "");
  switch (country) {
    case "GB":
      return /^[A-Z0-9]{5,7}$/.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : raw;
    case "NL":
      return /^\d{4}[A-Z]{2}$/.test(compact) ? `${compact.slice(0, 4)} ${compact.slice(4)}` : raw;
    case "US":
      return /^\d{9}$/.test(compact) ? `${compact.slice(0, 5)}-${compact.slice(5)}` : raw;
    default:
      return raw;
  }
}

interface SourceAddress {
  firstName?: unknown;
  lastName?: unknown;
  company?: unknown;
  address1?: unknown;
  address2?: unknown;
  city?: unknown;
  stateProvinceCode?: unknown;
  zipPostalCode?: unknown;
  countryCode?: unknown;
  phoneNumber?: unknown;
  email?: unknown;
}

const personName = (first: unknown, last: unknown) => [clean(first), clean(last)].filter(Boolean).join(" ");

/** A nopCommerce address -> the ERP/WMS address: standardized, optional parts omitted when empty. */
function address(value: unknown) {
  if (typeof value !== "object" || value === null) throw new TransformFailure("expected an address");
  const a = value as SourceAddress;
  const country = countryCode(a.countryCode);
  const line1 = clean(a.address1);
  const city = clean(a.city);
  const name = personName(a.firstName, a.lastName) || clean(a.company);
  if (!line1) throw new TransformFailure("address1 is missing");
  if (!city) throw new TransformFailure("city is missing");
  if (!name) throw new TransformFailure("neither a name nor a company");
  const optional = {
    company: clean(a.company),
    line2: clean(a.address2),
    region: clean(a.stateProvinceCode)?.toUpperCase(),
    postalCode: postalCode(a.zipPostalCode, country),
    phone: clean(a.phoneNumber),
    email: clean(a.email)?.toLowerCase(),
  };
  return {
    name,
    line1,
    city,
    country,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function isoDateTime(value: unknown): string {
  const date = new Date(text(value));
  if (Number.isNaN(date.getTime())) throw new TransformFailure("not a date");
  return date.toISOString();
}

function boolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  const normalized = text(value).trim().toLowerCase();
  if (["true", "1", "yes", "y"].includes(normalized)) return true;
  if (["false", "0", "no", "n"].includes(normalized)) return false;
  throw new TransformFailure("not a boolean");
}

/** A whole number, from a number or its digits (a quantity sent as "2"). */
function integer(value: unknown): number {
  const parsed = typeof value === "number" ? value : Number(text(value).trim());
  if (!Number.isSafeInteger(parsed) || (typeof value === "string" && !/^-?\d+$/.test(value.trim())))
    throw new TransformFailure("not a whole number");
  return parsed;
}

/** An amount the source already gives in minor units (3000 for 30.00 USD), checked to be whole. */
function minorUnits(value: unknown): number {
  try {
    return integer(value);
  } catch {
    throw new TransformFailure("not a whole number of minor units");
  }
}

/** A lookup table's answer for a value (or for one property of it, with `at`). */
export function lookUp(table: LookupTransform, value: unknown): unknown {
  if (table.at !== undefined) {
    if (typeof value !== "object" || value === null) throw new TransformFailure(`expected an object with ${table.at}`);
    const inner = (value as Record<string, unknown>)[table.at];
    return { ...value, [table.at]: lookUp({ map: table.map, otherwise: table.otherwise }, inner) };
  }
  const mapped = table.map[String(value)];
  if (mapped !== undefined) return mapped;
  if (table.otherwise === "keep") return value;
  throw new TransformFailure(`no mapping for ${String(value)} (known: ${Object.keys(table.map).join(", ")})`);
}

/** Applies one named transform. `values` has one entry per `from` path. */
export function applyTransform(name: TransformName, values: unknown[], context: TransformContext): unknown {
  const [value] = values;
  switch (name) {
    case "string":
      return text(value);
    case "trim":
      return clean(value);
    case "upper":
      return clean(value)?.toUpperCase();
    case "lower":
      return clean(value)?.toLowerCase();
    case "money":
      return money(value, context);
    case "money-difference": {
      const [a, b] = values.map((v) => fromDecimalString(text(v), context.currency));
      if (!a?.ok) throw new TransformFailure(a ? a.error.message : "missing minuend");
      if (!b?.ok) throw new TransformFailure(b ? b.error.message : "missing subtrahend");
      return subtract(a.value, b.value).amount;
    }
    case "iso-datetime":
      return isoDateTime(value);
    case "iso-date":
      return isoDateTime(value).slice(0, 10);
    case "boolean":
      return boolean(value);
    case "currency": {
      const code = clean(value)?.toUpperCase();
      if (!code || !/^[A-Z]{3}$/.test(code)) throw new TransformFailure("not an ISO 4217 code");
      return code;
    }
    case "country":
      return countryCode(value);
    case "postal-code":
      return postalCode(value, undefined);
    case "person-name":
      return personName(values[0], values[1]);
    case "address":
      return address(value);
    case "integer":
      return integer(value);
    case "minor-units":
      return minorUnits(value);
  }
}
