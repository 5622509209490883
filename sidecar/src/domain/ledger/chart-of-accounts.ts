import { z } from "zod";
import type { Currency } from "../money.js";
import { parseRules } from "../rules-data.js";

/**
 * What a ledger line is for, in our words; the merchant's chart of accounts says which account code each role
 * posts to. Receivables are one account whose lines carry the order (a sub-ledger per order), as accounting
 * packages expect rather than one general-ledger account per order.
 */
export const LEDGER_ROLES = [
  "bank",
  "stripe_clearing",
  "payouts_in_transit",
  "receivables",
  "fees",
  "refunds",
  "dispute_losses",
  "dispute_fees",
  "fx_gains_losses",
  "other_adjustments",
  "suspense",
] as const;
export type LedgerRole = (typeof LEDGER_ROLES)[number];

const accountCode = z.string().trim().min(1).max(64);

const roleAccountsSchema = z
  .object({
    /** The bank account payouts arrive in. */
    bank: accountCode,
    /** Money held by Stripe: charges in, refunds/fees/disputes out, payouts out; zero after each payout. */
    stripe_clearing: accountCode,
    /** A payout on its way: out of Stripe's balance, not yet in the bank (or returned after it failed). */
    payouts_in_transit: accountCode,
    /** What customers owe for orders; a charge settles it. */
    receivables: accountCode,
    /** Stripe's processing fees (and taxes on them). */
    fees: accountCode,
    /** Refunds to customers (a contra-revenue account). */
    refunds: accountCode,
    /** Chargebacks withdrawn; a won dispute credits the same account back. */
    dispute_losses: accountCode,
    /** The fee Stripe takes when a chargeback opens. */
    dispute_fees: accountCode,
    /** The conversion between the presentment and the settlement currency (see README). */
    fx_gains_losses: accountCode,
    /** Stripe's other adjustments, reserves and transfers. */
    other_adjustments: accountCode,
    /** Money we cannot place yet (no order, an unknown category, a residual); every line here has an exception. */
    suspense: accountCode,
  })
  .strict();

const currencyKey = z.string().regex(/^[a-z]{3}$/, "currency keys are lower-case ISO 4217 codes such as usd");

export const chartOfAccountsSchema = z
  .object({
    version: z.literal(1),
    accounts: roleAccountsSchema,
    /** Per settlement currency, the roles that post elsewhere (a EUR bank account, say). */
    currencies: z.record(currencyKey, roleAccountsSchema.partial()).default({}),
  })
  .strict();

export type RoleAccounts = z.output<typeof roleAccountsSchema>;
export type ChartOfAccounts = z.output<typeof chartOfAccountsSchema>;

/** A small-business numbering (assets 1xxx, income 4xxx, expenses 6xxx) to start from; every code is the merchant's to change. */
export const defaultChartOfAccounts: ChartOfAccounts = {
  version: 1,
  accounts: {
    bank: "1000",
    stripe_clearing: "1050",
    payouts_in_transit: "1060",
    receivables: "1100",
    fees: "6100",
    refunds: "4100",
    dispute_losses: "6200",
    dispute_fees: "6210",
    fx_gains_losses: "4900",
    other_adjustments: "6900",
    suspense: "9999",
  },
  currencies: {},
};

/** Validates the chart at start-up; the message names the offending path. */
export function parseChartOfAccounts(input: unknown): ChartOfAccounts {
  return parseRules("chart of accounts", chartOfAccountsSchema, input);
}

export function accountFor(chart: ChartOfAccounts, role: LedgerRole, currency: Currency): string {
  return chart.currencies[currency]?.[role] ?? chart.accounts[role];
}
