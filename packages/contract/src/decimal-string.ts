import { z } from "zod";

/**
 * A nopCommerce decimal on the wire: a non-negative string such as "123.45", never a JSON number, so no float
 * ever touches money. Conversion to minor units belongs to the money module, at this edge only.
 */
export const decimalPattern = /^(0|[1-9][0-9]{0,17})(\.[0-9]{1,10})?$/;

export const decimalStringSchema = z
  .string()
  .regex(decimalPattern, 'must be a decimal string such as "123.45" (non-negative, "." separator, no exponent)')
  .brand<"DecimalString">();

export type DecimalString = z.output<typeof decimalStringSchema>;

/** Validates and brands a decimal string; throws on anything else (a programming error at the caller). */
export function decimalString(value: string): DecimalString {
  return decimalStringSchema.parse(value);
}
