import { ApiError, parseBody } from "@nop-stripe/simulator-support/api-error.js";
import type { IdempotencyStore } from "@nop-stripe/simulator-support/idempotency-store.js";
import { Router } from "express";
import { creditMemoRequestSchema } from "./credit-memo-schema.js";
import type { CreditMemos } from "./credit-memos.js";
import type { ErpDocuments } from "./erp-documents.js";
import { journalEntryRequestSchema } from "./journal-entry-schema.js";
import { salesOrderRequestSchema } from "./sales-order-schema.js";

const queryString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The ERP's HTTP API; creates go through the idempotency store so a retried POST never makes a second document. */
export function erpRoutes(books: ErpDocuments, idempotency: IdempotencyStore, memos: CreditMemos): Router {
  const router = Router();

  router.post("/sales-orders", (req, res) => {
    const { status, body } = idempotency.run("sales-orders", req.get("idempotency-key"), req.body, () => ({
      status: 201,
      body: books.createSalesOrder(parseBody(salesOrderRequestSchema, req.body)),
    }));
    res.status(status).json(body);
  });

  router.get("/sales-orders", (req, res) => {
    res.json({ data: books.findSalesOrders(queryString(req.query.externalRef)) });
  });

  router.get("/sales-orders/:id", (req, res) => {
    const order = books.getSalesOrder(req.params.id);
    if (!order) throw new ApiError(404, "not_found", `no sales order ${req.params.id}`);
    res.json(order);
  });

  router.get("/accounts", (_req, res) => {
    res.json({ data: books.accounts });
  });

  router.post("/journal-entries", (req, res) => {
    const { status, body } = idempotency.run("journal-entries", req.get("idempotency-key"), req.body, () => ({
      status: 201,
      body: books.postJournalEntry(parseBody(journalEntryRequestSchema, req.body)),
    }));
    res.status(status).json(body);
  });

  router.get("/journal-entries", (req, res) => {
    res.json({ data: books.findJournalEntries(queryString(req.query.reference)) });
  });

  router.post("/credit-memos", (req, res) => {
    const { status, body } = idempotency.run("credit-memos", req.get("idempotency-key"), req.body, () => ({
      status: 201,
      body: memos.create(parseBody(creditMemoRequestSchema, req.body)),
    }));
    res.status(status).json(body);
  });

  router.get("/credit-memos", (req, res) => {
    const salesOrder = queryString(req.query.salesOrder);
    const externalRef = queryString(req.query.externalRef);
    res.json({ data: memos.find({ ...(salesOrder ? { salesOrder } : {}), ...(externalRef ? { externalRef } : {}) }) });
  });

  return router;
}
