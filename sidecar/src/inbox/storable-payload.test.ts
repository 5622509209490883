import { describe, expect, it } from "vitest";
import { maxPayloadDepth, storablePayload } from "./storable-payload.js";

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
};

describe("storablePayload", () => {
  it("keeps ordinary payloads as they are, including emoji and other valid surrogate pairs", () => {
    const payload = { id: "evt_1", amount: 1999, items: [{ name: "Café 💳", qty: 2 }], ok: true, none: null };
    expect(storablePayload(payload)).toEqual({ ok: true, value: payload });
  });

  it("replaces NUL and unpaired surrogates, in keys and values, with U+FFFD", () => {
    const result = storablePayload({ "k\u0000": ["a\u0000b", "\ud800x", "y\udfff", "\udfff\ud800"] });
    expect(result).toEqual({ ok: true, value: { "k\uFFFD": ["a\uFFFDb", "\uFFFDx", "y\uFFFD", "\uFFFD\uFFFD"] } });
  });

  it("keeps a __proto__ key as data without touching any prototype", () => {
    const payload = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const result = storablePayload(payload);
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.ok && JSON.stringify(result.value)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`accepts ${maxPayloadDepth} levels of nesting and refuses more`, () => {
    expect(storablePayload(nested(maxPayloadDepth)).ok).toBe(true);
    expect(storablePayload(nested(maxPayloadDepth + 1))).toEqual({
      ok: false,
      error: `payload is nested deeper than ${maxPayloadDepth} levels`,
    });
  });
});
