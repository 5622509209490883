import { describe, expect, it } from "vitest";
import { afterCursor, decodeCursor, encodeCursor, toConnection } from "./pagination.js";

describe("keyset cursors", () => {
  const at = new Date("2026-11-27T10:00:00.123Z");
  it("round-trip time and id", () => {
    expect(decodeCursor(encodeCursor(at, "abc"))).toEqual({ at, id: "abc" });
  });
  it("refuse garbage", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow("invalid cursor");
  });
  it("continue strictly after the cursor, breaking time ties by id", () => {
    expect(afterCursor("receivedAt", encodeCursor(at, "m"))).toEqual({
      OR: [{ receivedAt: { lt: at } }, { receivedAt: at, id: { lt: "m" } }],
    });
    expect(afterCursor("receivedAt", null)).toEqual({});
  });
  it("report a next page only when more rows than the page size came back", () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n), t: at }));
    expect(toConnection(rows, 2, (r) => r.t).pageInfo.hasNextPage).toBe(true);
    expect(toConnection(rows, 3, (r) => r.t).pageInfo.hasNextPage).toBe(false);
    expect(toConnection(rows, 2, (r) => r.t).edges.map((e) => e.node.id)).toEqual(["1", "2"]);
  });
});
