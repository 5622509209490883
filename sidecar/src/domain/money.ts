import { amountStep, isSupportedCurrency, minorUnitExponent, WHOLE_TWO_DECIMAL } from "./currencies.js";
import { err, ok, type Result } from "./result.js";

/** A lower-case ISO 4217 code, as Stripe writes it; made only by `normalizeCurrency`. */
export type Currency = string & { readonly __brand: "Currency" };

/**
 * Money inside the sidecar: an integer amount in the currency's minor unit *as Stripe's API writes it*
 * (cents; yen for JPY; fils/1000 for KWD; ISK and UGX with two decimals that are always 00), and a lower-case
 * ISO 4217 code. Decimals exist only at the nopCommerce edge; conversion is done on strings and bigints,
 * never on floats.
 */
export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

export type MoneyProblem =
  | { kind: "unsupported_currency"; message: string }
  | { kind: "not_a_decimal"; message: string }
  | { kind: "too_precise"; message: string }
  | { kind: "too_large"; message: string };

export type MoneyResult = Result<Money, MoneyProblem>;

/** exact: refuse anything Stripe cannot represent; half-up: round to the nearest allowed step (ties away from 0). */
export type Rounding = "exact" | "half-up";

const decimal = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export function normalizeCurrency(code: string): Currency {
  return code.trim().toLowerCase() as Currency;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a safe integer`);
  return Object.freeze({ amount, currency: normalizeCurrency(currency) });
}

/**
 * "1234.50" EUR -> 123450; "1200.0000" JPY -> 1200; "5.120" KWD -> 5120; "5" ISK -> 500.
 * Three-decimal amounts must end in 0 and ISK/UGX must be whole units (Stripe's rules), so "5.124" KWD is
 * too precise unless rounding is half-up (-> 5120).
 */
export function fromDecimalString(value: string, currencyCode: string, rounding: Rounding = "exact"): MoneyResult {
  const currency = normalizeCurrency(currencyCode);
  if (!isSupportedCurrency(currency))
    return fail("unsupported_currency", `currency ${currencyCode} is not one Stripe accepts`);
  const match = decimal.exec(value.trim());
  if (!match) return fail("not_a_decimal", `"${value}" is not a decimal string such as "123.45"`);
  const [, minus, whole = "0", fraction = ""] = match;
  const exponent = minorUnitExponent(currency);
  // Everything as bigint in units of 10^-scale, then to minor units.
  const scale = Math.max(fraction.length, exponent);
  const scaled = BigInt(whole + fraction.padEnd(scale, "0"));
  const perMinor = 10n ** BigInt(scale - exponent);
  const step = BigInt(amountStep(currency)) * perMinor;
  let steps = scaled / step;
  const remainder = scaled % step;
  if (remainder !== 0n) {
    if (rounding === "exact")
      return fail(
        "too_precise",
        `${value} ${currency.toUpperCase()} cannot be charged exactly: Stripe takes ${describeStep(currency)}`,
      );
    if (remainder * 2n >= step) steps += 1n;
  }
  const minor = steps * BigInt(amountStep(currency)) * (minus ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER))
    return fail("too_large", `${value} ${currency.toUpperCase()} is too large`);
  return ok(money(Number(minor), currency));
}

/** Throwing form for callers that validated the input already. */
export function parseMoney(value: string, currency: string, rounding: Rounding = "exact"): Money {
  const result = fromDecimalString(value, currency, rounding);
  if (!result.ok) throw new RangeError(result.error.message);
  return result.value;
}

/** Back to nopCommerce's decimal string: 123450 EUR -> "1234.50"; 1200 JPY -> "1200"; 500 ISK -> "5.00". */
export function toDecimalString(value: Money): string {
  const exponent = minorUnitExponent(value.currency);
  const negative = value.amount < 0;
  const digits = String(Math.abs(value.amount)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}

/**
 * As people read it, for notes, logs and the demo: "USD 1,205.00", "JPY 1,205", "KWD 1.205", "ISK 5" (Stripe
 * writes ISK and UGX with two decimals that are always 00, which nobody writes).
 */
export function formatMoney(value: Money): string {
  const [whole = "", fraction] = toDecimalString(value).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const decimals = fraction === undefined || WHOLE_TWO_DECIMAL.has(value.currency) ? "" : `.${fraction}`;
  return `${value.currency.toUpperCase()} ${grouped}${decimals}`;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new TypeError(`cannot combine ${a.currency} with ${b.currency}`);
}

function describeStep(currency: string): string {
  const exponent = minorUnitExponent(currency);
  const step = amountStep(currency);
  if (step === 10) return "three decimals whose last digit is 0";
  if (step === 100) return "whole units only";
  return exponent === 0 ? "whole units only" : `${exponent} decimals`;
}

const fail = (kind: MoneyProblem["kind"], message: string): MoneyResult => err({ kind, message });
