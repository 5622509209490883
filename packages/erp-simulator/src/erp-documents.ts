import { randomUUID } from "node:crypto";
import { ApiError } from "@nop-stripe/simulator-support/api-error.js";
import { documentNumbers } from "@nop-stripe/simulator-support/sequence.js";
import type { Account } from "./chart-of-accounts.js";
import { checkAccountsExist, checkBalanced } from "./journal-entry-checks.js";
import type { JournalEntry, JournalEntryRequest } from "./journal-entry-schema.js";
import type { SalesOrder, SalesOrderRequest } from "./sales-order-schema.js";
import { checkSalesOrderTotals } from "./sales-order-totals.js";

export interface ErpDocumentsOptions {
  accounts: readonly Account[];
  /** Refuse a second sales order for the same externalRef (409), as ERPs keyed on an external id do. */
  uniqueExternalRef: boolean;
}

/** The ERP's books: sales orders and posted journal entries, validated the way an ERP would. */
export class ErpDocuments {
  private readonly orders: SalesOrder[] = [];
  /** Lookups by id, document number and externalRef stay flat as the books grow. */
  private readonly orderByKey = new Map<string, SalesOrder>();
  private readonly ordersByRef = new Map<string, SalesOrder[]>();
  private readonly entries: JournalEntry[] = [];
  private nextOrderNumber = documentNumbers("SO");
  private nextEntryNumber = documentNumbers("JE");
  private readonly accountCodes: ReadonlySet<string>;

  constructor(private readonly options: ErpDocumentsOptions) {
    this.accountCodes = new Set(options.accounts.map((a) => a.code));
  }

  get accounts(): readonly Account[] {
    return this.options.accounts;
  }

  createSalesOrder(request: SalesOrderRequest): SalesOrder {
    checkSalesOrderTotals(request);
    const existing = this.options.uniqueExternalRef ? this.findSalesOrders(request.externalRef)[0] : undefined;
    if (existing)
      throw new ApiError(
        409,
        "duplicate_external_ref",
        `sales order ${existing.documentNumber} already exists for externalRef ${request.externalRef}`,
        "externalRef",
        { documentNumber: existing.documentNumber, id: existing.id },
      );
    const order: SalesOrder = {
      ...request,
      id: randomUUID(),
      documentNumber: this.nextOrderNumber(),
      status: "open",
      createdAt: new Date().toISOString(),
    };
    this.orders.push(order);
    this.orderByKey.set(order.id, order).set(order.documentNumber, order);
    const sameRef = this.ordersByRef.get(order.externalRef);
    if (sameRef) sameRef.push(order);
    else this.ordersByRef.set(order.externalRef, [order]);
    return order;
  }

  /** By id or document number. */
  getSalesOrder(idOrNumber: string): SalesOrder | undefined {
    return this.orderByKey.get(idOrNumber);
  }

  findSalesOrders(externalRef?: string): SalesOrder[] {
    return externalRef === undefined ? [...this.orders] : [...(this.ordersByRef.get(externalRef) ?? [])];
  }

  postJournalEntry(request: JournalEntryRequest): JournalEntry {
    checkAccountsExist(request, this.accountCodes);
    checkBalanced(request);
    const entry: JournalEntry = {
      ...request,
      id: randomUUID(),
      entryNumber: this.nextEntryNumber(),
      status: "posted",
      createdAt: new Date().toISOString(),
    };
    this.entries.push(entry);
    return entry;
  }

  findJournalEntries(reference?: string): JournalEntry[] {
    return reference === undefined ? [...this.entries] : this.entries.filter((e) => e.reference === reference);
  }

  reset(): void {
    this.orders.length = 0;
    this.orderByKey.clear();
    this.ordersByRef.clear();
    this.entries.length = 0;
    this.nextOrderNumber = documentNumbers("SO");
    this.nextEntryNumber = documentNumbers("JE");
  }
}
