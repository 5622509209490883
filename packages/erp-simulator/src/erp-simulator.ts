import {
  type RunningSimulator,
  type SimulatorListenOptions,
  startSimulator,
} from "@nop-stripe/simulator-support/simulator-bootstrap.js";
import { type Account, defaultChartOfAccounts } from "./chart-of-accounts.js";
import type { CreditMemo } from "./credit-memo-schema.js";
import { CreditMemos } from "./credit-memos.js";
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
  creditMemos(filter?: { salesOrder?: string; externalRef?: string }): CreditMemo[];
}

export async function startErpSimulator(options: ErpSimulatorOptions = {}): Promise<ErpSimulator> {
  const books = new ErpDocuments({
    accounts: options.accounts ?? defaultChartOfAccounts,
    uniqueExternalRef: options.uniqueExternalRef ?? true,
  });
  const memos = new CreditMemos((idOrNumber) => books.getSalesOrder(idOrNumber));
  const simulator = await startSimulator({
    apiKey: options.apiKey ?? DEFAULT_ERP_API_KEY,
    host: options.host,
    port: options.port,
    api: (idempotency) => erpRoutes(books, idempotency, memos),
    state: () => ({
      salesOrders: books.findSalesOrders(),
      journalEntries: books.findJournalEntries(),
      creditMemos: memos.find({}),
    }),
    reset: () => {
      books.reset();
      memos.reset();
    },
  });
  return {
    ...simulator,
    salesOrders: () => books.findSalesOrders(),
    journalEntries: (reference) => books.findJournalEntries(reference),
    creditMemos: (filter = {}) => memos.find(filter),
  };
}
