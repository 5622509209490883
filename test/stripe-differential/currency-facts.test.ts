import * as emulator from "@nop-stripe/stripe-emulator/currency-table.js";
import { describe, expect, it } from "vitest";
import * as product from "../../sidecar/src/domain/currencies.js";

// The Stripe emulator keeps its own copy of Stripe's currency table, so that a slip in either copy shows up
// here instead of the product and its emulator agreeing on the same mistake.
describe("Stripe's currency facts: the product's copy and the emulator's agree", () => {
  const currencies = [...new Set([...product.SUPPORTED, ...emulator.SUPPORTED, "xyz"])].sort();

  it("on which currencies exist", () => {
    expect([...emulator.SUPPORTED].sort()).toEqual([...product.SUPPORTED].sort());
  });

  it("on how each is written (decimals, the step an amount moves in)", () => {
    const facts = (m: typeof emulator | typeof product) =>
      currencies.map((currency) => ({
        currency,
        supported: m.isSupportedCurrency(currency),
        zeroDecimal: m.isZeroDecimal(currency),
        threeDecimal: m.isThreeDecimal(currency),
        exponent: m.minorUnitExponent(currency),
        step: m.amountStep(currency),
        wholeTwoDecimal: m.WHOLE_TWO_DECIMAL.has(currency),
      }));
    expect(facts(emulator)).toEqual(facts(product));
  });
});
