import type { CreditMemoDraft, ErpCreditMemo } from "./credit-memo-types.js";
import type { ErpAccount, ErpJournalEntry, ErpSalesOrder, JournalEntryDraft, SalesOrderDraft } from "./erp-types.js";

/**
 * What the flows need from the ERP. Failures are typed (see connector-errors.ts): ErpRejected (transient false)
 * when the ERP refuses the request, ConnectorUnavailable (transient true) when it cannot be reached.
 */
export interface ErpPort {
  /** Same key and same order: the same document, never a second one. Same key, other order: ErpRejected 409. */
  createSalesOrder(order: SalesOrderDraft, idempotencyKey: string): Promise<ErpSalesOrder>;
  /** By id or document number; null when the ERP has no such order. */
  getSalesOrder(idOrDocumentNumber: string): Promise<ErpSalesOrder | null>;
  findSalesOrderByExternalRef(externalRef: string): Promise<ErpSalesOrder | null>;
  listAccounts(): Promise<ErpAccount[]>;
  /** Only balanced entries on known accounts are posted; otherwise ErpRejected naming the problem. */
  postJournalEntry(entry: JournalEntryDraft, idempotencyKey: string): Promise<ErpJournalEntry>;
  findJournalEntries(reference: string): Promise<ErpJournalEntry[]>;
  /**
   * A credit memo against a sales order. Same key, same memo. One that would credit more than the sales order's
   * total net of earlier memos: ErpRejected (422 exceeds_sales_order).
   */
  createCreditMemo(memo: CreditMemoDraft, idempotencyKey: string): Promise<ErpCreditMemo>;
  /** By sales order (id or document number) and/or the caller's externalRef. */
  findCreditMemos(filter: { salesOrder?: string; externalRef?: string }): Promise<ErpCreditMemo[]>;
}
