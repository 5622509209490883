import { describe, expect, it } from "vitest";
import { normalizeCurrency } from "../money.js";
import { accountFor, defaultChartOfAccounts, LEDGER_ROLES, parseChartOfAccounts } from "./chart-of-accounts.js";

describe("chart of accounts", () => {
  it("the defaults parse and name an account for every role", () => {
    const chart = parseChartOfAccounts(defaultChartOfAccounts);
    for (const role of LEDGER_ROLES) expect(accountFor(chart, role, normalizeCurrency("usd"))).toMatch(/^\d{4}$/);
  });

  it("a currency override replaces only the roles it names", () => {
    const chart = parseChartOfAccounts({
      ...defaultChartOfAccounts,
      currencies: { eur: { bank: "1001", stripe_clearing: "1051" } },
    });
    expect(accountFor(chart, "bank", normalizeCurrency("eur"))).toBe("1001");
    expect(accountFor(chart, "fees", normalizeCurrency("eur"))).toBe("6100");
    expect(accountFor(chart, "bank", normalizeCurrency("usd"))).toBe("1000");
  });

  it("currencies default to none", () => {
    const { currencies: _, ...withoutCurrencies } = defaultChartOfAccounts;
    expect(parseChartOfAccounts(withoutCurrencies).currencies).toEqual({});
  });

  it.each([
    [{ ...defaultChartOfAccounts, accounts: { ...defaultChartOfAccounts.accounts, fees: "" } }, "accounts.fees"],
    [{ ...defaultChartOfAccounts, accounts: { ...defaultChartOfAccounts.accounts, revenue: "4000" } }, "accounts"],
    [{ ...defaultChartOfAccounts, currencies: { EUR: { bank: "1001" } } }, "currencies.EUR"],
    [{ ...defaultChartOfAccounts, currencies: { eur: { bank: 1001 } } }, "currencies.eur.bank"],
    [{ ...defaultChartOfAccounts, version: 2 }, "version"],
  ])("names the path at fault (%#)", (input, path) => {
    expect(() => parseChartOfAccounts(input)).toThrow(`invalid chart of accounts at ${path}:`);
  });
});
