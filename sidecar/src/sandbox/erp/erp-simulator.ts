import { FaultInjector } from "../fault-injection.js";
import { listen } from "../shared/http-server.js";
import { IdempotencyStore } from "../shared/idempotency-store.js";
import { RequestLog } from "../shared/request-log.js";
import { createSimulatorApp } from "../shared/simulator-app.js";
import { type Account, defaultChartOfAccounts } from "./chart-of-accounts.js";
import { ErpDocuments } from "./erp-documents.js";
import { erpRoutes } from "./erp-routes.js";
import type { JournalEntry } from "./journal-entry-schema.js";
import type { SalesOrder } from "./sales-order-schema.js";

export const DEFAULT_ERP_API_KEY = "sandbox-erp-key";

export interface ErpSimulatorOptions {
  /** Bearer token the simulator requires. */
  apiKey?: string;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  accounts?: readonly Account[];
  /** Default true: a second sales order for the same externalRef is refused with 409 duplicate_external_ref. */
  uniqueExternalRef?: boolean;
}

export interface ErpSimulator {
  url: string;
  apiKey: string;
  close(): Promise<void>;
  /** Same as POST /_control/faults. */
  faults: FaultInjector;
  requests: RequestLog;
  salesOrders(): SalesOrder[];
  journalEntries(reference?: string): JournalEntry[];
  /** Forgets documents, idempotency keys, the request log and any fault. */
  reset(): void;
}

export async function startErpSimulator(options: ErpSimulatorOptions = {}): Promise<ErpSimulator> {
  const apiKey = options.apiKey ?? DEFAULT_ERP_API_KEY;
  const books = new ErpDocuments({
    accounts: options.accounts ?? defaultChartOfAccounts,
    uniqueExternalRef: options.uniqueExternalRef ?? true,
  });
  const idempotency = new IdempotencyStore();
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const reset = () => {
    books.reset();
    idempotency.clear();
    requests.clear();
    faults.clear();
  };
  const app = createSimulatorApp({
    apiKey,
    faults,
    requests,
    api: erpRoutes(books, idempotency),
    state: () => ({
      salesOrders: books.findSalesOrders(),
      journalEntries: books.findJournalEntries(),
      fault: faults.state(),
      requestCounts: requests.counts(),
    }),
    reset,
  });
  const server = await listen(app, options.host, options.port);
  return {
    url: server.url,
    apiKey,
    close: async () => {
      faults.dispose();
      await server.close();
    },
    faults,
    requests,
    salesOrders: () => books.findSalesOrders(),
    journalEntries: (reference) => books.findJournalEntries(reference),
    reset,
  };
}
