import { describe, expect, it } from "vitest";
import { EventHandlerRegistry } from "./event-handler-registry.js";
import type { InboxEvent } from "./inbox-event.js";

const event = { eventId: "evt_1", type: "payment_intent.amount_capturable_updated" } as InboxEvent;
const context = { commitWithEvent: () => {} };

describe("EventHandlerRegistry", () => {
  it("runs every flow's handler of a type, in the order they registered; a failure stops the rest (retried whole)", async () => {
    const ran: string[] = [];
    const registry = new EventHandlerRegistry()
      .on("stripe", event.type, async () => void ran.push("order-to-cash"))
      .on("stripe", event.type, async () => void ran.push("risk"));
    await registry.find("stripe", event.type)!(event, context);
    expect(ran).toEqual(["order-to-cash", "risk"]);
    expect(registry.keys()).toEqual([`stripe:${event.type}`]);

    const failing = new EventHandlerRegistry()
      .on("stripe", event.type, async () => {
        throw new Error("down");
      })
      .on("stripe", event.type, async () => void ran.push("never"));
    await expect(failing.find("stripe", event.type)!(event, context)).rejects.toThrow("down");
    expect(ran).not.toContain("never");
  });

  it("refuses the same handler twice for a type; unknown types have none", () => {
    const handler = async () => {};
    const registry = new EventHandlerRegistry().on("stripe", "charge.succeeded", handler);
    expect(() => registry.on("stripe", "charge.succeeded", handler)).toThrow(/already has this handler/);
    expect(registry.find("stripe", "charge.refunded")).toBeUndefined();
  });
});
