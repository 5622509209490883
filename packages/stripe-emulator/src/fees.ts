import { amountStep, minorUnitExponent } from "./currencies.js";

/** Round half up of numerator/denominator for non-negative integers, in integer arithmetic. */
function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Card processing fee: 2.9% + 0.30 of the charge currency's major unit, rounded half up to the currency's
 * smallest chargeable step (1 minor unit; 10 for three-decimal; 100 for ISK/UGX). For zero-decimal
 * currencies the fixed 0.30 is below one unit, so the fee is effectively 2.9% rounded half up.
 */
export function cardProcessingFee(amount: number, currency: string): number {
  const exponent = minorUnitExponent(currency);
  const step = amountStep(currency);
  // In thousandths of a minor unit: 29/1000 of the amount plus 300/1000 of a major unit.
  const thousandths = amount * 29 + 300 * 10 ** exponent;
  return roundHalfUp(thousandths, 1000 * step) * step;
}

/** Dispute fee: 15.00 in the minor representation (1500 minor units), as the emulator's fixed rule. */
export const DISPUTE_FEE = 1500;
