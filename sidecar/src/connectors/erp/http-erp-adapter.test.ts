import { type ErpSimulator, startErpSimulator } from "@nop-stripe/erp-simulator/index.js";
import { waitFor } from "@nop-stripe/simulator-support/wait-for.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorProtocolError, ConnectorUnavailable, ErpRejected } from "../../ports/connector-errors.js";
import { HttpErpAdapter } from "./http-erp-adapter.js";
import { samplePayoutEntry, sampleSalesOrder } from "./test-support/sample-documents.js";

let erp: ErpSimulator;
let adapter: HttpErpAdapter;
/** Same, with a short timeout, for the tests that make the ERP hold a request. */
let impatient: HttpErpAdapter;
const retries: string[] = [];

beforeAll(async () => {
  erp = await startErpSimulator({ apiKey: "test-erp-key" });
  const options = {
    baseUrl: erp.url,
    apiKey: "test-erp-key",
    timeoutMs: 5000,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    onRetry: ({ failure }: { failure: string }) => retries.push(failure),
  };
  adapter = new HttpErpAdapter(options);
  impatient = new HttpErpAdapter({ ...options, timeoutMs: 250 });
});
afterAll(() => erp.close());
beforeEach(() => {
  erp.reset();
  retries.length = 0;
});

async function rejection(promise: Promise<unknown>): Promise<ErpRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ErpRejected);
  return error as ErpRejected;
}

describe("sales orders", () => {
  it("creates a sales order and reads it back by id, document number and external reference", async () => {
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-1");
    expect(order.documentNumber).toBe("SO-000001");
    expect(order.status).toBe("open");
    expect(order.totals.total).toBe(7729);
    expect(await adapter.getSalesOrder(order.id)).toEqual(order);
    expect(await adapter.getSalesOrder("SO-000001")).toEqual(order);
    expect(await adapter.findSalesOrderByExternalRef("nop-order-6f1c2a1e-0001")).toEqual(order);
    expect(await adapter.findSalesOrderByExternalRef("nop-order-unknown")).toBeNull();
    expect(await adapter.getSalesOrder("SO-999999")).toBeNull();
  });

  it("replays the same document for the same key and body, without a second document", async () => {
    const first = await adapter.createSalesOrder(sampleSalesOrder(), "so-replay");
    const second = await adapter.createSalesOrder(sampleSalesOrder(), "so-replay");
    expect(second).toEqual(first);
    expect(erp.salesOrders()).toHaveLength(1);
  });

  it("refuses the same key with another body, naming the header, and does not retry", async () => {
    await adapter.createSalesOrder(sampleSalesOrder(), "so-reused");
    const changed = sampleSalesOrder({ notes: "leave at the door" });
    const error = await rejection(adapter.createSalesOrder(changed, "so-reused"));
    expect(error).toMatchObject({
      status: 409,
      code: "idempotency_key_reused",
      field: "Idempotency-Key",
      transient: false,
    });
    expect(erp.requests.count("POST", "/sales-orders")).toBe(2);
    expect(erp.salesOrders()).toHaveLength(1);
  });

  it("rejects totals that do not add up, naming the field and the difference", async () => {
    const order = sampleSalesOrder();
    const wrong = { ...order, totals: { ...order.totals, total: order.totals.total + 1 } };
    const error = await rejection(adapter.createSalesOrder(wrong, "so-bad-total"));
    expect(error).toMatchObject({ status: 422, code: "totals_mismatch", field: "totals.total" });
    expect(error.details).toMatchObject({ expected: 7729, actual: 7730, difference: 1 });
    expect(erp.salesOrders()).toHaveLength(0);
  });

  it("rejects a line total that is not unit price × quantity − discount", async () => {
    const order = sampleSalesOrder();
    const lines = order.lines.map((l, i) => (i === 1 ? { ...l, lineTotal: 3998 } : l));
    const error = await rejection(adapter.createSalesOrder({ ...order, lines }, "so-bad-line"));
    expect(error).toMatchObject({ code: "totals_mismatch", field: "lines[1].lineTotal" });
  });

  it("rejects a country that is not ISO 3166 alpha-2, naming the field", async () => {
    const order = sampleSalesOrder();
    const billingAddress = { ...order.billingAddress, country: "Germany" };
    const error = await rejection(adapter.createSalesOrder({ ...order, billingAddress }, "so-bad-country"));
    expect(error).toMatchObject({ status: 422, code: "invalid_request", field: "billingAddress.country" });
  });

  it("refuses a second sales order for the same external reference under another key", async () => {
    const first = await adapter.createSalesOrder(sampleSalesOrder(), "so-a");
    const error = await rejection(adapter.createSalesOrder(sampleSalesOrder(), "so-b"));
    expect(error).toMatchObject({ status: 409, code: "duplicate_external_ref", field: "externalRef" });
    expect(error.details).toMatchObject({ documentNumber: first.documentNumber });
  });
});

describe("general ledger", () => {
  it("lists the chart of accounts", async () => {
    const accounts = await adapter.listAccounts();
    expect(accounts.map((a) => a.code)).toEqual(
      expect.arrayContaining(["1010", "1050", "1100", "4000", "4900", "6100", "6200", "7100", "9999"]),
    );
  });

  it("posts a balanced entry and finds it by reference; a replay returns the same entry", async () => {
    const entry = await adapter.postJournalEntry(samplePayoutEntry(), "je-1");
    expect(entry).toMatchObject({ entryNumber: "JE-000001", status: "posted", reference: "po_1Sample" });
    expect(await adapter.postJournalEntry(samplePayoutEntry(), "je-1")).toEqual(entry);
    expect(await adapter.findJournalEntries("po_1Sample")).toEqual([entry]);
    expect(await adapter.findJournalEntries("po_other")).toEqual([]);
  });

  it("rejects an unbalanced entry with the difference per currency", async () => {
    const entry = samplePayoutEntry();
    const lines = entry.lines.map((l) => (l.account === "6100" ? { ...l, debit: 250 } : l));
    const error = await rejection(adapter.postJournalEntry({ ...entry, lines }, "je-unbalanced"));
    expect(error).toMatchObject({ status: 422, code: "unbalanced_entry" });
    expect(error.details).toEqual({ imbalances: [{ currency: "EUR", debits: 7725, credits: 7729, difference: -4 }] });
    expect(error.message).toContain("difference -4");
    expect(erp.journalEntries()).toHaveLength(0);
  });

  it("balances each currency on its own", async () => {
    const mixed = samplePayoutEntry({
      lines: [
        { account: "1050", debit: 1000, currency: "USD" },
        { account: "4000", credit: 1000, currency: "EUR" },
      ],
    });
    const error = await rejection(adapter.postJournalEntry(mixed, "je-mixed"));
    expect(error.details).toEqual({
      imbalances: [
        { currency: "USD", debits: 1000, credits: 0, difference: 1000 },
        { currency: "EUR", debits: 0, credits: 1000, difference: -1000 },
      ],
    });
  });

  it("rejects an unknown account, naming the line", async () => {
    const entry = samplePayoutEntry();
    const lines = entry.lines.map((l) => (l.account === "6100" ? { ...l, account: "6999" } : l));
    const error = await rejection(adapter.postJournalEntry({ ...entry, lines }, "je-unknown"));
    expect(error).toMatchObject({ status: 422, code: "unknown_account", field: "lines[1].account" });
  });
});

describe("transient failures", () => {
  it("retries two 503s transparently and creates one document", async () => {
    erp.faults.set({ mode: "error", status: 503, count: 2, path: "/sales-orders" });
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-503");
    expect(order.documentNumber).toBe("SO-000001");
    expect(erp.requests.count("POST", "/sales-orders")).toBe(3);
    expect(retries).toEqual(["503 injected_fault", "503 injected_fault"]);
    expect(erp.salesOrders()).toHaveLength(1);
  });

  it("gives up a request that never answers after its timeout and retries it", async () => {
    erp.faults.set({ mode: "timeout", count: 1 });
    const accounts = await impatient.listAccounts();
    expect(accounts.length).toBeGreaterThan(5);
    expect(retries[0]).toBe("timeout after 250 ms");
  });

  it("a POST that timed out after the ERP acted is answered from the idempotency store: one document", async () => {
    // The first attempt is held 400 ms (past the 250 ms client timeout), then still processed.
    erp.faults.set({ mode: "slow", delayMs: 400, count: 1, path: "/sales-orders" });
    const order = await impatient.createSalesOrder(sampleSalesOrder(), "so-slow");
    await waitFor(() => erp.faults.pendingDelays() === 0, { what: "the delayed request to run" });
    expect(erp.salesOrders()).toEqual([expect.objectContaining({ id: order.id })]);
    expect(retries[0]).toBe("timeout after 250 ms");
  });

  it("does not retry a 4xx", async () => {
    erp.faults.set({ mode: "error", status: 400, count: 1 });
    const error = await rejection(adapter.listAccounts());
    expect(error).toMatchObject({ status: 400, code: "injected_fault", transient: false });
    expect(erp.requests.count("GET", "/accounts")).toBe(1);
  });

  it("turns exhausted retries into ConnectorUnavailable, marked transient", async () => {
    erp.faults.set({ mode: "error", status: 502 });
    const error = await adapter.createSalesOrder(sampleSalesOrder(), "so-down").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorUnavailable);
    expect(error).toMatchObject({ system: "erp", attempts: 4, lastFailure: "502 injected_fault", transient: true });
    expect(erp.requests.count("POST", "/sales-orders")).toBe(4);
    erp.faults.clear();
    expect((await adapter.createSalesOrder(sampleSalesOrder(), "so-down")).documentNumber).toBe("SO-000001");
  });

  it("treats a refused connection as transient", async () => {
    const closed = await startErpSimulator();
    await closed.close();
    const offline = new HttpErpAdapter({ baseUrl: closed.url, apiKey: "x", retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const error = await offline.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorUnavailable);
    expect((error as ConnectorUnavailable).lastFailure).toMatch(/ECONNREFUSED/);
  });
});

describe("contract", () => {
  it("answers a wrong API key with 401, not retried", async () => {
    const stranger = new HttpErpAdapter({ baseUrl: erp.url, apiKey: "wrong" });
    const error = await rejection(stranger.listAccounts());
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
    expect(erp.requests.count("GET", "/accounts")).toBe(1);
  });

  it("reports a 2xx body that breaks the contract as a permanent protocol error", async () => {
    const misdirected = new HttpErpAdapter({ baseUrl: `${erp.url}/_control/state#`, apiKey: "test-erp-key" });
    const error = await misdirected.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorProtocolError);
    expect(error).toMatchObject({ transient: false });
  });
});

describe("credit memos ", () => {
  it("credits a sales order once per key and finds memos by sales order and externalRef", async () => {
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-1");
    const draft = { salesOrder: order.documentNumber, externalRef: "re_1", currency: order.currency, amount: 1000 };
    const memo = await adapter.createCreditMemo(draft, "cm-1");
    expect(memo).toMatchObject({ documentNumber: "CM-000001", salesOrderId: order.id, amount: 1000, status: "posted" });
    expect(await adapter.createCreditMemo(draft, "cm-1")).toEqual(memo);
    expect(await adapter.findCreditMemos({ salesOrder: order.id })).toEqual([memo]);
    expect(await adapter.findCreditMemos({ externalRef: "re_1" })).toEqual([memo]);
    expect(await adapter.findCreditMemos({ externalRef: "re_2" })).toEqual([]);
    expect(erp.creditMemos()).toHaveLength(1);
  });

  it("refuses a memo that would exceed the sales order's total net of earlier memos, naming what is left", async () => {
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-1");
    const total = order.totals.total;
    const base = { salesOrder: order.id, currency: order.currency };
    await adapter.createCreditMemo({ ...base, externalRef: "a", amount: total - 100 }, "cm-a");
    const refused = await rejection(adapter.createCreditMemo({ ...base, externalRef: "b", amount: 101 }, "cm-b"));
    expect(refused).toMatchObject({ status: 422, code: "exceeds_sales_order", field: "amount" });
    expect(refused.message).toContain("100");
    expect(await adapter.createCreditMemo({ ...base, externalRef: "c", amount: 100 }, "cm-c")).toMatchObject({
      amount: 100,
    });
    expect(erp.creditMemos({ salesOrder: order.id })).toHaveLength(2);
  });

  it("keeps a memo's item lines; refuses an unknown SKU, more than was sold, lines above the amount", async () => {
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-1");
    const sold = order.lines[0]!;
    const base = { salesOrder: order.id, externalRef: "lines", currency: order.currency, amount: 300 };
    const line = { orderItemId: 1, sku: sold.sku, quantity: 1, amount: 200 };
    const refusal = (lines: (typeof line)[], key: string) =>
      rejection(adapter.createCreditMemo({ ...base, lines }, key));
    expect(await refusal([{ ...line, sku: "NO-SUCH-SKU" }], "l1")).toMatchObject({ status: 422, code: "unknown_line" });
    expect(await refusal([{ ...line, quantity: sold.quantity + 1 }], "l2")).toMatchObject({ code: "exceeds_line" });
    expect(await refusal([{ ...line, amount: 301 }], "l3")).toMatchObject({ code: "lines_exceed_amount" });
    expect(erp.creditMemos()).toEqual([]);
    expect(await adapter.createCreditMemo({ ...base, lines: [line] }, "l4")).toMatchObject({
      amount: 300,
      lines: [line],
    });
  });

  it("refuses an unknown sales order, another currency and a zero amount, changing nothing", async () => {
    const order = await adapter.createSalesOrder(sampleSalesOrder(), "so-1");
    const base = { salesOrder: order.id, externalRef: "x", currency: order.currency, amount: 5 };
    expect(await rejection(adapter.createCreditMemo({ ...base, salesOrder: "SO-999" }, "k1"))).toMatchObject({
      status: 404,
    });
    const other = order.currency === "EUR" ? "USD" : "EUR";
    expect(await rejection(adapter.createCreditMemo({ ...base, currency: other }, "k2"))).toMatchObject({
      code: "currency_mismatch",
    });
    expect(await rejection(adapter.createCreditMemo({ ...base, amount: 0 }, "k3"))).toMatchObject({
      status: 422,
    });
    expect(erp.creditMemos()).toEqual([]);
  });
});
