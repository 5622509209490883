import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { FaultInjector } from "./fault-injection.js";
import { IdempotencyStore } from "./idempotency-store.js";

describe("fault injector", () => {
  /** Runs the middleware on a bare request; returns the status it answered, or "passed" when it let it through. */
  function hit(faults: FaultInjector, method: string, path: string): number | "passed" {
    let status: number | "passed" = "passed";
    const res = { locals: {}, status: (s: number) => ({ json: () => (status = s) }) };
    faults.middleware({ method, path } as Request, res as unknown as Response, () => undefined);
    return status;
  }

  it("matches by path prefix and method, and expires after count", () => {
    const faults = new FaultInjector();
    faults.set({ mode: "error", status: 502, count: 2, path: "/sales-orders", method: "post" });
    expect(hit(faults, "GET", "/sales-orders")).toBe("passed");
    expect(hit(faults, "POST", "/journal-entries")).toBe("passed");
    expect(hit(faults, "POST", "/_control/faults")).toBe("passed");
    expect(hit(faults, "POST", "/sales-orders")).toBe(502);
    expect(faults.state()).toMatchObject({ remaining: 1, applied: 1 });
    expect(hit(faults, "POST", "/sales-orders")).toBe(502);
    expect(faults.state()).toBeNull();
    expect(hit(faults, "POST", "/sales-orders")).toBe("passed");
  });
});

describe("idempotency store", () => {
  it("runs once per key and body regardless of key order, refuses another body, and does not keep failures", () => {
    const store = new IdempotencyStore();
    let runs = 0;
    const create = () => ({ status: 201, body: { n: ++runs } });
    expect(store.run("s", "k", { a: 1, b: 2 }, create).body).toEqual({ n: 1 });
    expect(store.run("s", "k", { b: 2, a: 1 }, create).body).toEqual({ n: 1 });
    expect(() => store.run("s", "k", { a: 2 }, create)).toThrow(/different request body/);
    expect(store.run("other-scope", "k", { a: 2 }, create).body).toEqual({ n: 2 });
    store.run("s", "failing", {}, () => ({ status: 422, body: {} }));
    expect(store.run("s", "failing", {}, create).body).toEqual({ n: 3 });
  });

  it("canonical JSON sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined }], a: "x" })).toBe('{"a":"x","b":[{"d":1}]}');
  });
});
