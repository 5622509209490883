import { type Money, toDecimalString } from "../../sidecar/src/domain/money.js";
import { builder } from "../builder.js";

/** The one amount shape of the API: minor units, the currency, and the decimal people read. */
export const MoneyRef = builder.objectRef<Money>("Money").implement({
  description: "An amount: integer minor units of a currency (as Stripe counts them), and the same as a decimal",
  fields: (t) => ({
    minor: t.float({
      description: "Minor units (integer; Float because GraphQL Int is 32-bit)",
      resolve: (m) => m.amount,
    }),
    currency: t.string({ description: "Lower-case ISO 4217", resolve: (m) => m.currency }),
    decimal: t.string({ description: 'As a decimal string, e.g. "1234.50" (JPY "1200")', resolve: toDecimalString }),
  }),
});
