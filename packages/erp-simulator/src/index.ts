export type { Account } from "./chart-of-accounts.js";
export { defaultChartOfAccounts } from "./chart-of-accounts.js";
export type { CreditMemo, CreditMemoRequest } from "./credit-memo-schema.js";
export {
  DEFAULT_ERP_API_KEY,
  type ErpSimulator,
  type ErpSimulatorOptions,
  startErpSimulator,
} from "./erp-simulator.js";
export type { JournalEntry, JournalEntryRequest } from "./journal-entry-schema.js";
export type { SalesOrder, SalesOrderRequest } from "./sales-order-schema.js";
