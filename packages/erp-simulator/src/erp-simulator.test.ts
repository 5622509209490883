import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ErpSimulator, startErpSimulator } from "./index.js";

let erp: ErpSimulator;
const auth = { authorization: "Bearer k", "content-type": "application/json" };

beforeAll(async () => {
  erp = await startErpSimulator({ apiKey: "k" });
});
afterAll(() => erp.close());
beforeEach(() => erp.reset());

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
  const res = await fetch(`${erp.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("ERP simulator over HTTP", () => {
  it("binds to 127.0.0.1 on an ephemeral port", () => {
    expect(erp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("requires the bearer key on API routes but not on control routes", async () => {
    expect((await call("GET", "/accounts", undefined, {})).status).toBe(401);
    expect((await call("GET", "/accounts", undefined, { authorization: "Bearer nope" })).status).toBe(401);
    expect((await call("GET", "/_control/state", undefined, {})).status).toBe(200);
  });

  it("requires an Idempotency-Key on creates", async () => {
    const res = await call("POST", "/journal-entries", { reference: "r", date: "2026-11-27", lines: [] });
    expect(res).toMatchObject({
      status: 400,
      body: { error: { code: "idempotency_key_required", field: "Idempotency-Key" } },
    });
  });

  it("answers malformed JSON and unknown routes with the common error body", async () => {
    const bad = await fetch(`${erp.url}/journal-entries`, {
      method: "POST",
      headers: { ...auth, "idempotency-key": "x" },
      body: "{",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "malformed_request" } });
    expect(await call("GET", "/nothing-here")).toMatchObject({
      status: 404,
      body: { error: { code: "route_not_found" } },
    });
  });

  it("rejects a journal line with both debit and credit, naming the line", async () => {
    const entry = {
      reference: "r",
      date: "2026-11-27",
      lines: [
        { account: "1050", debit: 5, credit: 5, currency: "EUR" },
        { account: "4000", credit: 5, currency: "EUR" },
      ],
    };
    const res = await call("POST", "/journal-entries", entry, { ...auth, "idempotency-key": "je" });
    expect(res).toMatchObject({ status: 422, body: { error: { code: "invalid_request", field: "lines[0].debit" } } });
  });

  it("sets, reports and clears faults through the control endpoint; control routes are never faulted", async () => {
    const set = await call("POST", "/_control/faults", { mode: "error", status: 502, count: 2, path: "/accounts" });
    expect(set.body).toMatchObject({ fault: { mode: "error", status: 502, remaining: 2, path: "/accounts" } });
    expect((await call("GET", "/journal-entries")).status).toBe(200);
    expect((await call("GET", "/accounts")).status).toBe(502);
    expect((await call("GET", "/_control/faults")).body).toMatchObject({ fault: { remaining: 1, applied: 1 } });
    expect((await call("GET", "/accounts")).status).toBe(502);
    expect((await call("GET", "/accounts")).status).toBe(200);
    await call("POST", "/_control/faults", { mode: "error" });
    expect((await call("GET", "/accounts")).status).toBe(503);
    await call("POST", "/_control/faults", { mode: "none" });
    expect((await call("GET", "/accounts")).status).toBe(200);
  });

  it("rejects an invalid fault with 422", async () => {
    const res = await call("POST", "/_control/faults", { mode: "explode" });
    expect(res).toMatchObject({ status: 422, body: { error: { field: "mode" } } });
  });

  it("answers slowly in slow mode", async () => {
    erp.faults.set({ mode: "slow", delayMs: 120, count: 1 });
    const started = Date.now();
    expect((await call("GET", "/accounts")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("counts calls per route and exposes documents in the state", async () => {
    await call("GET", "/accounts");
    await call("GET", "/sales-orders/SO-000404");
    await call("GET", "/sales-orders/SO-000405");
    const log = await call("GET", "/_control/requests");
    expect(log.body.counts).toEqual({ "GET /accounts": 1, "GET /sales-orders/:id": 2 });
    const state = await call("GET", "/_control/state");
    expect(state.body).toMatchObject({ salesOrders: [], journalEntries: [], fault: null });
  });
});
