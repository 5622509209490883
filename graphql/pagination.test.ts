import { describe, expect, it } from "vitest";
import { isUuid } from "./arguments.js";
import { afterCursor, decodeCursor, encodeCursor, parseAfter, toConnection } from "./pagination.js";

describe("keyset cursors", () => {
  const at = new Date("2026-11-27T10:00:00.123Z");
  const id = "5d2f8a61-0000-4000-8000-000000000001";
  const anyId = () => true;

  it("round-trip time and id", () => {
    expect(decodeCursor(encodeCursor(at, id), isUuid)).toEqual({ at, id });
  });

  it("refuse anything encodeCursor did not write for the connection's kind of id", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    for (const cursor of [
      "!!garbage!!",
      "not-a-cursor",
      b64("2026-11-27T10:00:00.123Z"), // no id
      b64(`yesterday|${id}`),
      b64(`2026-11-27|${id}`), // a date Date parses, but not as encodeCursor writes it
      b64(`+275760-09-13T00:00:00.000Z|${id}`), // a time JavaScript has and PostgreSQL does not
      `${encodeCursor(at, id)}=`, // padded: decodes the same, is not the same cursor
    ])
      expect(decodeCursor(cursor, anyId), cursor).toBeUndefined();
    expect(decodeCursor(encodeCursor(at, "x"), isUuid)).toBeUndefined();
  });

  it("refuse a bad `after` as BAD_USER_INPUT naming the argument; none is no position", () => {
    expect(() => parseAfter("!!garbage!!", isUuid)).toThrow(
      expect.objectContaining({
        message: "after is not a cursor this API issued",
        extensions: { code: "BAD_USER_INPUT" },
      }),
    );
    expect(parseAfter(null, isUuid)).toBeNull();
    expect(parseAfter("", isUuid)).toBeNull();
  });

  it("continue strictly after the cursor, breaking time ties by id", () => {
    expect(afterCursor("receivedAt", encodeCursor(at, "m"), anyId)).toEqual({
      OR: [{ receivedAt: { lt: at } }, { receivedAt: at, id: { lt: "m" } }],
    });
    expect(afterCursor("receivedAt", null, anyId)).toEqual({});
  });

  it("report a next page only when more rows than the page size came back", () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n), t: at }));
    expect(toConnection(rows, 2, (r) => r.t).pageInfo.hasNextPage).toBe(true);
    expect(toConnection(rows, 3, (r) => r.t).pageInfo.hasNextPage).toBe(false);
    expect(toConnection(rows, 2, (r) => r.t).edges.map((e) => e.node.id)).toEqual(["1", "2"]);
  });
});
