import { describe, expect, it } from "vitest";
import { IdempotencyStore } from "./idempotency.js";

const day = 24 * 60 * 60;
const response = (body: string) => ({ status: 200, body, requestId: "req_1" });

describe("IdempotencyStore", () => {
  it("replays a key within 24 hours and forgets it after", () => {
    const store = new IdempotencyStore();
    store.save("sk", "k", "POST", "/v1/customers", { name: "a" }, 1_000, response("first"));
    expect(store.lookup("sk", "k", "POST", "/v1/customers", { name: "a" }, 1_000 + day - 1)).toEqual({
      kind: "replay",
      response: response("first"),
    });
    expect(store.lookup("sk", "k", "POST", "/v1/customers", { name: "a" }, 1_000 + day)).toEqual({ kind: "new" });
  });

  it("forgets an expired key even when a younger one saved before it stops the sweep (a test clock ran)", () => {
    const store = new IdempotencyStore();
    store.save("sk", "young", "POST", "/v1/customers", {}, 10 * day, response("young"));
    store.save("sk", "old", "POST", "/v1/customers", {}, 0, response("old"));
    expect(store.lookup("sk", "old", "POST", "/v1/customers", {}, day + 1)).toEqual({ kind: "new" });
    expect(store.lookup("sk", "young", "POST", "/v1/customers", {}, day + 1).kind).toBe("replay");
  });
});
