import {
  amountStep,
  isSupportedCurrency,
  isThreeDecimal,
  isZeroDecimal,
  minorUnitExponent,
  SUPPORTED,
  WHOLE_TWO_DECIMAL,
} from "./currency-table.js";
import { invalidRequest } from "./errors.js";

export { amountStep, isSupportedCurrency, isThreeDecimal, isZeroDecimal, minorUnitExponent };

/** Minimum charge amounts in major units (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM_MAJOR: Record<string, number> = {
  usd: 0.5,
  aed: 2,
  ars: 0.5,
  aud: 0.5,
  brl: 0.5,
  cad: 0.5,
  chf: 0.5,
  cop: 0.5,
  czk: 15,
  dkk: 2.5,
  eur: 0.5,
  gbp: 0.3,
  hkd: 4,
  huf: 175,
  idr: 0.5,
  ils: 0.5,
  inr: 0.5,
  jpy: 50,
  krw: 50,
  mxn: 10,
  myr: 2,
  nok: 3,
  nzd: 0.5,
  php: 0.5,
  pln: 2,
  ron: 2,
  rub: 0.5,
  sek: 3,
  sgd: 0.5,
  thb: 10,
  zar: 0.5,
};

/** Maximum amounts in minor units: 8 digits by default, more for a few currencies. */
const MAXIMUM_MINOR: Record<string, number> = { idr: 999_999_999_999, cop: 9_999_999_999, inr: 999_999_999 };
const DEFAULT_MAXIMUM_MINOR = 99_999_999;

export function minimumAmount(currency: string): number | undefined {
  const major = MINIMUM_MAJOR[currency];
  if (major === undefined) return undefined;
  return Math.round(major * 10 ** minorUnitExponent(currency));
}

export function maximumAmount(currency: string): number {
  return MAXIMUM_MINOR[currency] ?? DEFAULT_MAXIMUM_MINOR;
}

/** Human form used in Stripe's messages, e.g. `$0.50`, `¥50`, `KWD 1.230`. */
export function formatAmount(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(amount / 10 ** exponent);
  } catch {
    return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency.toUpperCase()}`;
  }
}

/** Validates and lower-cases a currency parameter. */
export function parseCurrency(raw: string, param = "currency"): string {
  const currency = raw.toLowerCase();
  if (!isSupportedCurrency(currency)) {
    throw invalidRequest(
      `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...SUPPORTED].sort().join(", ")}`,
      { param },
    );
  }
  return currency;
}

/** Checks a charge (or authorization) amount against Stripe's per-currency rules. */
export function validateChargeAmount(amount: number, currency: string, param = "amount"): void {
  if (amount < 1) {
    throw invalidRequest("This value must be greater than or equal to 1.", {
      code: "parameter_invalid_integer",
      param,
    });
  }
  const minimum = minimumAmount(currency);
  if (minimum !== undefined && amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, {
      code: "amount_too_small",
      param,
    });
  }
  const maximum = maximumAmount(currency);
  if (amount > maximum) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(maximum, currency)}`, {
      code: "amount_too_large",
      param,
    });
  }
  validateAmountStep(amount, currency, param);
}

/** Three-decimal amounts must end in 0; ISK/UGX amounts must be whole units (`00`). */
export function validateAmountStep(amount: number, currency: string, param = "amount"): void {
  if (isThreeDecimal(currency) && amount % 10 !== 0) {
    throw invalidRequest(
      `Invalid amount for ${currency.toUpperCase()}: the last digit of three-decimal amounts must be 0 (for example 5120 or 5130, not 5124).`,
      { code: "invalid_charge_amount", param },
    );
  }
  if (WHOLE_TWO_DECIMAL.has(currency) && amount % 100 !== 0) {
    throw invalidRequest(
      `${currency.toUpperCase()} amounts must be whole units represented with two decimals of 00 (for example 500 for 5 ${currency.toUpperCase()}).`,
      { code: "invalid_charge_amount_no_decimal_compatible", param },
    );
  }
}
