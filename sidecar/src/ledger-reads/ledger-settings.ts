import { z } from "zod";
import { normalizeCurrency } from "../domain/money.js";
import { duration } from "../retention/retention-settings.js";

/** The ledger's exports and the drift check (ledger-reads/README.md), merged into the sidecar's config. */
export const ledgerSettings = {
  /** The currency the books are kept in: Xero's manual journals are written in it. */
  LEDGER_BASE_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as usd")
    .default("usd")
    .transform(normalizeCurrency),
  /** Xero's tax rate name for journal lines (bank and clearing moves carry no tax): "Tax Exempt", "No GST", … */
  LEDGER_XERO_TAX_RATE: z.string().trim().min(1).default("Tax Exempt"),
  /** A Xero tracking category the order GUID is written to (it must exist in Xero); unset: none. */
  LEDGER_XERO_ORDER_TRACKING: z.string().trim().min(1).optional(),
  /** Whether the drift check is scheduled (the CLI runs it either way), and how often. */
  DRIFT_CHECK_ENABLED: z.stringbool().default(true),
  DRIFT_CHECK_INTERVAL: duration("6h"),
  /** How far back each scheduled run looks (Stripe retries a webhook for 3 days; a week covers it twice). */
  DRIFT_CHECK_LOOKBACK: duration("7d"),
};
