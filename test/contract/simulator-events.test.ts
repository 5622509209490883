import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BridgeEnvelope } from "@nop-stripe/contract/bridge-envelope.js";
import { bridgeEnvelopeSchema } from "@nop-stripe/contract/bridge-envelope.js";
import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId, nopProductId, nopReturnRequestId, nopShipmentId } from "@nop-stripe/contract/nop-ids.js";
import { startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import { toFixed } from "@nop-stripe/nop-simulator/sim-decimal.js";
import express from "express";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import { parseBridgeEvent } from "../../sidecar/src/connectors/nop/parse-bridge-event.js";
import { contractAjv, schemaBase } from "./contract-files.js";

const eventSecret = `whsec_${randomBytes(32).toString("base64")}`;
const writeBackSecret = `whsec_${randomBytes(32).toString("base64")}`;
const validateEvent = contractAjv().getSchema(`${schemaBase}event.schema.json`)!;

/** The problems of one emitted envelope by the JSON Schema and by the sidecar's zod schemas; empty when fine. */
function problems(envelope: BridgeEnvelope): string[] {
  const found: string[] = [];
  if (!validateEvent(envelope)) found.push(`${envelope.type} JSON Schema: ${JSON.stringify(validateEvent.errors)}`);
  if (!bridgeEnvelopeSchema.safeParse(envelope).success) found.push(`${envelope.type}: envelope zod`);
  const parsed = parseBridgeEvent(envelope.type, envelope.payload);
  if (!parsed.ok) found.push(parsed.error.message);
  return found;
}

/** One store action, chosen by fast-check; each runs through the write-back API or the simulator's controls. */
const action = fc.oneof(
  fc.record({
    kind: fc.constant("place" as const),
    status: fc.constantFrom("Pending", "Authorized", "Paid") as fc.Arbitrary<"Pending" | "Authorized" | "Paid">,
    product: fc.integer({ min: 1, max: 4 }),
    quantity: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom("authorize", "pay", "void", "cancel", "ship", "deliver", "fullRefund", "return"),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant("partialRefund" as const),
    pick: fc.nat(),
    cents: fc.integer({ min: 1, max: 200_000 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      "register",
      "updateCustomer",
      "newProduct",
      "price",
      "stock",
      "deleteProduct",
      "returnStatus",
      "cancelRecurring",
    ),
    pick: fc.nat(),
  }),
);

describe("every message the simulator emits is valid by the contract", () => {
  it("holds for random store histories (JSON Schema and zod), with versions strictly increasing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const sim = await startNopSimulator({ eventSecret, writeBackSecret });
        const nop = new HttpNopAdapter({
          baseUrl: sim.url,
          secret: writeBackSecret,
          retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        });
        try {
          let n = 0;
          const orders: number[] = [];
          const returns: number[] = [];
          const pickOrder = (i: number) => nopOrderId(orders[i % orders.length] ?? sim.placeOrder().id);
          for (const a of actions) {
            n++;
            switch (a.kind) {
              case "place":
                orders.push(
                  sim.placeOrder({ paymentStatus: a.status, items: [{ productId: a.product, quantity: a.quantity }] })
                    .id,
                );
                break;
              case "authorize":
                await nop.markOrderAuthorized({ orderId: pickOrder(a.pick), authorizationTransactionId: `pi_${n}` });
                break;
              case "pay":
                await nop.markOrderPaid({
                  orderId: pickOrder(a.pick),
                  captureTransactionId: `pi_${n}`,
                  captureTransactionResult: null,
                });
                break;
              case "void":
                await nop.voidOrder({ orderId: pickOrder(a.pick) });
                break;
              case "cancel":
                await nop.cancelOrder({ orderId: pickOrder(a.pick), notifyCustomer: false });
                break;
              case "ship":
                await nop.addShipment({
                  orderId: pickOrder(a.pick),
                  trackingNumber: `T${n}`,
                  items: null,
                  notifyCustomer: false,
                });
                break;
              case "deliver": {
                const order = sim.getOrder(pickOrder(a.pick));
                const shipment = order?.shipments[0];
                if (shipment)
                  await nop.markShipmentDelivered({ shipmentId: nopShipmentId(shipment.id), notifyCustomer: false });
                break;
              }
              case "fullRefund": {
                const id = pickOrder(a.pick);
                const total = sim.getOrder(id)!.orderTotal;
                await nop.recordRefund({ orderId: id, kind: "full", amount: total, refundId: `re_${n}` });
                break;
              }
              case "partialRefund": {
                const amount = decimalString(`${Math.floor(a.cents / 100)}.${String(a.cents % 100).padStart(2, "0")}`);
                await nop.recordRefund({ orderId: pickOrder(a.pick), kind: "partial", amount, refundId: `re_${n}` });
                break;
              }
              case "return": {
                const order = sim.getOrder(pickOrder(a.pick))!;
                const rr = sim.createReturnRequest({ orderItemId: order.items[0]!.id });
                if (rr.ok) returns.push(rr.value.id);
                break;
              }
              case "returnStatus":
                if (returns.length > 0)
                  await nop.setReturnRequestStatus({
                    returnRequestId: nopReturnRequestId(returns[a.pick % returns.length]!),
                    returnRequestStatusId: ([10, 20, 40, 50] as const)[a.pick % 4]!,
                    staffNotes: null,
                  });
                break;
              case "register":
                sim.registerCustomer({ email: `c${n}@example.com`, firstName: "C", lastName: String(n) });
                break;
              case "updateCustomer":
                sim.updateCustomer((a.pick % sim.customers().length) + 1, { phone: `+1 555 ${n}` });
                break;
              case "newProduct":
                sim.createProduct({
                  name: `P${n}`,
                  sku: `P${n}`,
                  price: `${(a.pick % 500) + 1}.99`,
                  stockQuantity: 50,
                });
                break;
              case "price":
                await nop.updateProductPrice({
                  productId: nopProductId(1 + (a.pick % 2)),
                  price: decimalString(`${a.pick % 900}.5`),
                  oldPrice: null,
                });
                break;
              case "stock":
                await nop.setStockQuantity({
                  productId: nopProductId(1 + (a.pick % 2)),
                  stockQuantity: a.pick % 1000,
                  message: null,
                });
                break;
              case "deleteProduct": {
                const candidates = sim.products().filter((p) => p.id > 4 && !p.deleted);
                if (candidates.length > 0) sim.deleteProduct(candidates[a.pick % candidates.length]!.id);
                break;
              }
              case "cancelRecurring": {
                const rps = sim.recurringPayments();
                if (rps.length > 0) sim.cancelRecurringPayment(rps[a.pick % rps.length]!.id);
                break;
              }
            }
          }
          const emitted = sim.outbox.emitted();
          expect(emitted.flatMap(problems)).toEqual([]);
          const versions = emitted.map((e) => (e.payload as { version: number }).version);
          expect(versions).toEqual([...versions].sort((a, b) => a - b));
          expect(new Set(versions).size).toBe(versions.length);
          // nopCommerce's money invariants hold on every order.
          for (const id of orders) {
            const o = sim.getOrder(id)!;
            expect(toFixed(o.refundedAmount) <= toFixed(o.orderTotal)).toBe(true);
            if (o.paymentStatusId === PaymentStatus.Refunded) expect(o.refundedAmount).toBe(o.orderTotal);
            if (o.paymentStatusId === PaymentStatus.PartiallyRefunded)
              expect(toFixed(o.refundedAmount) < toFixed(o.orderTotal)).toBe(true);
          }
        } finally {
          await sim.close();
        }
      }),
      { numRuns: 25, seed: 4242 },
    );
  });
});

describe("the outbox delivers signed envelopes and survives a sidecar that is down", () => {
  let server: Server;
  let receiverUrl: string;
  const received: BridgeEnvelope[] = [];
  let failuresLeft = 0;
  let refusedWhileDown = 0;

  beforeAll(async () => {
    // A stand-in for POST /bridge/events that verifies with the standardwebhooks package itself.
    const verifier = new Webhook(eventSecret);
    const app = express();
    app.post("/bridge/events", express.raw({ type: () => true }), (req, res) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        refusedWhileDown++;
        res.status(503).end();
        return;
      }
      try {
        const envelope = verifier.verify(req.body as Buffer, req.headers as Record<string, string>) as BridgeEnvelope;
        expect(envelope.id).toBe(req.headers["webhook-id"]);
        received.push(envelope);
        res.status(202).json({ ok: true });
      } catch {
        res.status(401).end();
      }
    });
    server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts every event once, in order, after retrying with backoff", async () => {
    failuresLeft = 4;
    const sim = await startNopSimulator({
      eventSecret,
      writeBackSecret,
      sidecarUrl: receiverUrl,
      outboxRetry: { maxAttempts: 20, baseDelayMs: 2, maxDelayMs: 10 },
    });
    try {
      const orders = sim.placeOrders(3, { paymentStatus: "Paid", items: [{ productId: 3 }] });
      await sim.outbox.idle();
      const emitted = sim.outbox.emitted();
      expect(refusedWhileDown).toBe(4);
      expect(received.map((e) => e.id)).toEqual(emitted.map((e) => e.id));
      expect(
        received.filter((e) => e.type === "order.placed").map((e) => (e.payload as { order: { id: number } }).order.id),
      ).toEqual(orders.map((o) => o.id));
      expect(sim.outbox.stats()).toMatchObject({ pending: 0, failed: 0, delivered: emitted.length });
      expect(sim.outbox.stats().attempts).toBe(emitted.length + 4);
    } finally {
      await sim.close();
    }
  });

  it("keeps events while no sidecar is configured and delivers them once one is", async () => {
    received.length = 0;
    const sim = await startNopSimulator({ eventSecret, writeBackSecret });
    try {
      sim.placeOrder();
      expect(sim.outbox.stats().pending).toBeGreaterThan(0);
      sim.setSidecarUrl(receiverUrl);
      await sim.outbox.idle();
      expect(received.map((e) => e.type)).toContain("order.placed");
      expect(sim.outbox.stats().pending).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
