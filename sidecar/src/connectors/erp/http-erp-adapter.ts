import { z } from "zod";
import { ErpRejected } from "../../ports/connector-errors.js";
import { type CreditMemoDraft, creditMemoSchema, type ErpCreditMemo } from "./credit-memo-types.js";
import type { ErpPort } from "./erp-port.js";
import {
  accountSchema,
  type ErpAccount,
  type ErpJournalEntry,
  type ErpSalesOrder,
  type JournalEntryDraft,
  journalEntrySchema,
  type SalesOrderDraft,
  salesOrderSchema,
} from "./erp-types.js";
import { type HttpConnectorOptions, JsonHttpClient, nullIfNotFound } from "./json-http-client.js";

const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** The ERP over its JSON HTTP API (the sandbox ERP simulator speaks the same contract). */
export class HttpErpAdapter implements ErpPort {
  private readonly http: JsonHttpClient;

  constructor(options: HttpConnectorOptions) {
    this.http = new JsonHttpClient("erp", options, (rejection) => new ErpRejected(rejection));
  }

  createSalesOrder(order: SalesOrderDraft, idempotencyKey: string): Promise<ErpSalesOrder> {
    return this.http.send({
      method: "POST",
      path: "/sales-orders",
      body: order,
      idempotencyKey,
      response: salesOrderSchema,
    });
  }

  getSalesOrder(idOrDocumentNumber: string): Promise<ErpSalesOrder | null> {
    return nullIfNotFound(
      this.http.send({
        method: "GET",
        path: `/sales-orders/${encodeURIComponent(idOrDocumentNumber)}`,
        response: salesOrderSchema,
      }),
    );
  }

  async findSalesOrderByExternalRef(externalRef: string): Promise<ErpSalesOrder | null> {
    const { data } = await this.http.send({
      method: "GET",
      path: `/sales-orders?externalRef=${encodeURIComponent(externalRef)}`,
      response: listOf(salesOrderSchema),
    });
    return data[0] ?? null;
  }

  async listAccounts(): Promise<ErpAccount[]> {
    return (await this.http.send({ method: "GET", path: "/accounts", response: listOf(accountSchema) })).data;
  }

  postJournalEntry(entry: JournalEntryDraft, idempotencyKey: string): Promise<ErpJournalEntry> {
    return this.http.send({
      method: "POST",
      path: "/journal-entries",
      body: entry,
      idempotencyKey,
      response: journalEntrySchema,
    });
  }

  async findJournalEntries(reference: string): Promise<ErpJournalEntry[]> {
    const { data } = await this.http.send({
      method: "GET",
      path: `/journal-entries?reference=${encodeURIComponent(reference)}`,
      response: listOf(journalEntrySchema),
    });
    return data;
  }

  createCreditMemo(memo: CreditMemoDraft, idempotencyKey: string): Promise<ErpCreditMemo> {
    return this.http.send({
      method: "POST",
      path: "/credit-memos",
      body: memo,
      idempotencyKey,
      response: creditMemoSchema,
    });
  }

  async findCreditMemos(filter: { salesOrder?: string; externalRef?: string }): Promise<ErpCreditMemo[]> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]);
    const { data } = await this.http.send({
      method: "GET",
      path: `/credit-memos?${query}`,
      response: listOf(creditMemoSchema),
    });
    return data;
  }
}
