import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBridgeEvent } from "./parse-bridge-event.js";

const example = (type: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../nop-plugin-bridge/contract/examples/events/${type}.json`, import.meta.url),
      "utf8",
    ),
  ) as {
    payload: Record<string, unknown>;
  };

describe("parseBridgeEvent", () => {
  it("types the payload by the event type", () => {
    const result = parseBridgeEvent("order.refunded", example("order.refunded").payload);
    if (!result.ok) throw new Error(result.error.message);
    if (result.value.type !== "order.refunded") throw new Error("wrong type");
    expect(result.value.payload.amount).toMatch(/^\d+\.\d+$/);
    expect(result.value.payload.order.orderGuid).toBeTypeOf("string");
  });

  it("names the offending field", () => {
    const payload = example("order.placed").payload as { order: { items: { unitPriceInclTax: unknown }[] } };
    payload.order.items[0]!.unitPriceInclTax = 12.5;
    const result = parseBridgeEvent("order.placed", payload);
    expect(result).toMatchObject({ ok: false, error: { reason: "invalid_payload" } });
    if (!result.ok) expect(result.error.message).toContain("payload.order.items.0.unitPriceInclTax");
  });

  it("tells an unknown type from a bad payload", () => {
    expect(parseBridgeEvent("order.teleported", {})).toMatchObject({ ok: false, error: { reason: "unknown_type" } });
  });
});
