import { type DecimalString, decimalPattern } from "@nop-stripe/contract/decimal-string.js";

/**
 * Exact decimal arithmetic for the simulator, as nopCommerce's `decimal` does it: values are bigints scaled by
 * 10^10 (the most fractional digits the contract allows). Never floats.
 */
const scale = 10;
const factor = 10n ** BigInt(scale);

export type Fixed = bigint;

export function toFixed(value: string): Fixed {
  if (!decimalPattern.test(value)) throw new Error(`not a decimal string: ${value}`);
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(whole) * factor + BigInt(fraction.padEnd(scale, "0"));
}

/** "12.5" -> "12.50": at least two decimals (money), trailing zeros beyond that dropped. */
export function fromFixed(value: Fixed): DecimalString {
  if (value < 0n) throw new Error(`negative amount ${value}`);
  const whole = value / factor;
  const fraction = (value % factor).toString().padStart(scale, "0").replace(/0+$/, "").padEnd(2, "0");
  return `${whole}.${fraction}` as DecimalString;
}

/** Rounds half away from zero to `digits` decimals (nopCommerce's RoundingType.Rounding001 default). */
export function roundFixed(value: Fixed, digits = 2): Fixed {
  const unit = 10n ** BigInt(scale - digits);
  return ((value + unit / 2n) / unit) * unit;
}

export function multiply(a: Fixed, b: Fixed): Fixed {
  return (a * b) / factor;
}

export function fromInt(n: number): Fixed {
  return BigInt(n) * factor;
}

export const add = (...values: Fixed[]): Fixed => values.reduce((sum, v) => sum + v, 0n);

/** Normalises any decimal string to the simulator's money format. */
export const money = (value: string): DecimalString => fromFixed(toFixed(value));
