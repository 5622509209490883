import { randomBytes } from "node:crypto";
import { listen, type RunningServer } from "@nop-stripe/simulator-support/http-server.js";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { startNopSimulator } from "./nop-simulator.js";
import type { NopSimulator } from "./nop-simulator-api.js";

describe("a store that goes down and comes back", () => {
  let nop: NopSimulator | undefined;
  let receiver: RunningServer | undefined;
  afterEach(async () => {
    await nop?.close();
    await receiver?.close();
  });

  it("refuses write-back calls and holds its events while down, then delivers them from the same port", async () => {
    const received: string[] = [];
    const app = express();
    app.post("/bridge/events", express.json(), (req, res) => {
      received.push((req.body as { type: string }).type);
      res.json({ status: "accepted" });
    });
    receiver = await listen(app);
    nop = await startNopSimulator({
      sidecarUrl: receiver.url,
      eventSecret: `whsec_${randomBytes(32).toString("base64")}`,
      writeBackSecret: "write-back-secret",
    });
    const url = nop.url;

    await nop.stopListening();
    const order = nop.placeOrder({ items: [{ productId: 1, quantity: 1 }] });
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);
    const refused = await fetch(url).then(
      () => "answered",
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");

    await nop.listenAgain();
    await nop.outbox.idle();
    expect(received).toContain("order.placed");
    expect(nop.url).toBe(url);
    expect(nop.getOrder(order.id)?.orderGuid).toBe(order.orderGuid);
  });
});
