import { describe, expect, it } from "vitest";
import { add, formatMoney, fromDecimalString, money, parseMoney, subtract, toDecimalString } from "./money.js";

const minor = (value: string, currency: string) => {
  const result = fromDecimalString(value, currency);
  return result.ok ? result.value.amount : result.error.kind;
};

describe("money", () => {
  it("converts two-decimal currencies without floats", () => {
    expect(minor("1234.50", "EUR")).toBe(123450);
    expect(minor("0.10", "usd")).toBe(10);
    expect(minor("19.99", "USD")).toBe(1999);
    expect(minor("1305.0000", "USD")).toBe(130500);
    // 0.1 + 0.2 style float traps
    expect(minor("4.35", "usd")).toBe(435);
    expect(minor("1.005", "usd")).toBe("too_precise");
    expect(minor("99999999999.99", "usd")).toBe(9999999999999);
  });

  it("treats zero-decimal currencies as whole units", () => {
    expect(minor("1200", "JPY")).toBe(1200);
    expect(minor("1200.0000", "jpy")).toBe(1200);
    expect(minor("50000", "KRW")).toBe(50000);
    expect(minor("1200.5", "JPY")).toBe("too_precise");
  });

  it("applies the three-decimal rule (last digit 0)", () => {
    expect(minor("5.120", "KWD")).toBe(5120);
    expect(minor("5.12", "kwd")).toBe(5120);
    expect(minor("12.3", "BHD")).toBe(12300);
    expect(minor("5.124", "KWD")).toBe("too_precise");
    expect(parseMoney("5.124", "KWD", "half-up").amount).toBe(5120);
    expect(parseMoney("5.125", "KWD", "half-up").amount).toBe(5130);
  });

  it("writes ISK and UGX with two decimals that are always 00", () => {
    expect(minor("5", "ISK")).toBe(500);
    expect(minor("5.00", "isk")).toBe(500);
    expect(minor("5.50", "ISK")).toBe("too_precise");
    expect(minor("1000", "UGX")).toBe(100000);
    expect(toDecimalString(money(500, "isk"))).toBe("5.00");
  });

  it("refuses unknown currencies and non-decimals", () => {
    expect(minor("1.00", "XXX")).toBe("unsupported_currency");
    expect(minor("1e3", "usd")).toBe("not_a_decimal");
    expect(minor("1,00", "usd")).toBe("not_a_decimal");
  });

  it("round-trips to nopCommerce decimal strings", () => {
    expect(toDecimalString(money(123450, "eur"))).toBe("1234.50");
    expect(toDecimalString(money(5, "usd"))).toBe("0.05");
    expect(toDecimalString(money(1200, "jpy"))).toBe("1200");
    expect(toDecimalString(money(5120, "kwd"))).toBe("5.120");
    expect(toDecimalString(money(-250, "usd"))).toBe("-2.50");
    for (const [value, currency] of [
      ["0.01", "usd"],
      ["987654.32", "eur"],
      ["7", "jpy"],
      ["0.010", "kwd"],
    ] as const)
      expect(toDecimalString(parseMoney(value, currency))).toBe(value);
  });

  it("adds and subtracts within one currency only", () => {
    expect(add(money(100, "usd"), money(5, "USD")).amount).toBe(105);
    expect(subtract(money(100, "usd"), money(5, "usd")).amount).toBe(95);
    expect(() => add(money(1, "usd"), money(1, "eur"))).toThrow(/cannot combine/);
  });

  it("formats money as people read it, with the currency's real decimals", () => {
    expect(formatMoney(money(120500, "usd"))).toBe("USD 1,205.00");
    expect(formatMoney(money(1205, "jpy"))).toBe("JPY 1,205");
    expect(formatMoney(money(1205, "kwd"))).toBe("KWD 1.205");
    expect(formatMoney(money(500, "isk"))).toBe("ISK 5");
    expect(formatMoney(money(123456789, "eur"))).toBe("EUR 1,234,567.89");
    expect(formatMoney(money(5, "usd"))).toBe("USD 0.05");
    expect(formatMoney(money(-123456, "usd"))).toBe("USD -1,234.56");
  });
});
