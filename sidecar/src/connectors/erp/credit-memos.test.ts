import { type ErpSimulator, startErpSimulator } from "@nop-stripe/erp-simulator/index.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErpRejected } from "../../ports/connector-errors.js";
import { HttpErpAdapter } from "./http-erp-adapter.js";
import { sampleSalesOrder } from "./test-support/sample-documents.js";

let erp: ErpSimulator;
let adapter: HttpErpAdapter;

beforeAll(async () => {
  erp = await startErpSimulator({ apiKey: "memo-key" });
  adapter = new HttpErpAdapter({
    baseUrl: erp.url,
    apiKey: "memo-key",
    timeoutMs: 5000,
    retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  });
});
afterAll(() => erp.close());
beforeEach(() => erp.reset());

async function rejection(promise: Promise<unknown>): Promise<ErpRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ErpRejected);
  return error as ErpRejected;
}

describe("credit memos (ERP simulator over HTTP, through the sidecar's adapter)", () => {
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
