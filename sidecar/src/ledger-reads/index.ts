import { requireToken } from "../auth/require-token.js";
import type { Sidecar } from "../sidecar.js";
import { ledgerExportRoutes } from "./ledger-export-routes.js";
import { SqlLedgerReads } from "./sql-ledger-reads.js";

export type { LedgerReads } from "./ledger-reads.js";
export { SqlLedgerReads } from "./sql-ledger-reads.js";

/** The ledger's read side: finance's export routes (GraphQL reads through the same port from its context). */
export function registerLedgerReads(sidecar: Sidecar): void {
  const { config } = sidecar;
  sidecar.hostFor("ledger").addRoutes(
    ledgerExportRoutes({
      reads: new SqlLedgerReads(sidecar.db.sql),
      requireToken: requireToken(sidecar.tokens, { shape: "json", allStores: true }),
      xero: {
        baseCurrency: config.LEDGER_BASE_CURRENCY,
        taxRate: config.LEDGER_XERO_TAX_RATE,
        ...(config.LEDGER_XERO_ORDER_TRACKING ? { orderTrackingCategory: config.LEDGER_XERO_ORDER_TRACKING } : {}),
      },
    }),
  );
}
