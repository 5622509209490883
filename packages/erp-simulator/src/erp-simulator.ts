import {
  type RunningSimulator,
  type SimulatorListenOptions,
  startSimulator,
} from "@nop-stripe/simulator-support/simulator-bootstrap.js";
import { type Account, defaultChartOfAccounts } from "./chart-of-accounts.js";
import { ErpDocuments } from "./erp-documents.js";
import { erpRoutes } from "./erp-routes.js";
import type { JournalEntry } from "./journal-entry-schema.js";
import type { SalesOrder } from "./sales-order-schema.js";

export const DEFAULT_ERP_API_KEY = "sandbox-erp-key";

export interface ErpSimulatorOptions extends SimulatorListenOptions {
  accounts?: readonly Account[];
  /** Default true: a second sales order for the same externalRef is refused with 409 duplicate_external_ref. */
  uniqueExternalRef?: boolean;
}

export interface ErpSimulator extends RunningSimulator {
  salesOrders(): SalesOrder[];
  journalEntries(reference?: string): JournalEntry[];
}

export async function startErpSimulator(options: ErpSimulatorOptions = {}): Promise<ErpSimulator> {
  const books = new ErpDocuments({
    accounts: options.accounts ?? defaultChartOfAccounts,
    uniqueExternalRef: options.uniqueExternalRef ?? true,
  });
  const simulator = await startSimulator({
    apiKey: options.apiKey ?? DEFAULT_ERP_API_KEY,
    host: options.host,
    port: options.port,
    api: (idempotency) => erpRoutes(books, idempotency),
    state: () => ({ salesOrders: books.findSalesOrders(), journalEntries: books.findJournalEntries() }),
    reset: () => books.reset(),
  });
  return {
    ...simulator,
    salesOrders: () => books.findSalesOrders(),
    journalEntries: (reference) => books.findJournalEntries(reference),
  };
}
