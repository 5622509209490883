import { randomBytes } from "node:crypto";
import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { type NopSimulator, startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import { NopRuleRefused } from "../../sidecar/src/connectors/nop/nop-errors.js";
import { parseBridgeEvent } from "../../sidecar/src/connectors/nop/parse-bridge-event.js";
import { PermanentError } from "../../sidecar/src/jobs/permanent-error.js";
import { backends } from "../support/backends.js";
import { bridgeSecret } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

const writeBackSecret = `whsec_${randomBytes(32).toString("base64")}`;
const embedded = backends.find((b) => b.name === "embedded")!;

/**
 * The acceptance: an order placed in the simulated store reaches the real sidecar's inbox verified,
 * parses with the connector, and a write-back (keyed by the inbox event) changes the order as nopCommerce would.
 */
describe("nop bridge end to end: simulator -> sidecar inbox -> write-back", () => {
  let sim: NopSimulator;
  let t: TestSidecar;
  const refusals: NopRuleRefused[] = [];

  beforeAll(async () => {
    sim = await startNopSimulator({
      eventSecret: bridgeSecret,
      writeBackSecret,
      outboxRetry: { maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 50 },
    });
    const nop = new HttpNopAdapter({
      baseUrl: sim.url,
      secret: writeBackSecret,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    t = await startTestSidecar(
      embedded,
      {},
      {
        configure: (s) =>
          s.handlers.on("bridge", "order.placed", async (event) => {
            const envelope = event.payload as { payload: unknown };
            const parsed = parseBridgeEvent(event.type, envelope.payload);
            if (!parsed.ok) throw new PermanentError(parsed.error.message);
            if (parsed.value.type !== "order.placed") return;
            const { order } = parsed.value.payload;
            const request = {
              orderId: order.id,
              captureTransactionId: `pi_for_${order.orderGuid}`,
              captureTransactionResult: null,
            };
            // Keyed by the inbox event: a redelivered or retried job marks the order paid once.
            const result = await nop.markOrderPaid(request, { requestId: `${event.id}:mark-paid` });
            if (!result.ok && result.error instanceof NopRuleRefused) refusals.push(result.error);
            else if (!result.ok) throw result.error;
          }),
      },
    );
    sim.setSidecarUrl(t.url);
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it("marks a placed order paid through the sidecar, once", async () => {
    const order = sim.placeOrder({ items: [{ productId: 3, quantity: 2 }] });
    const paid = await waitFor(() => sim.getOrder(order.id)?.paymentStatusId === PaymentStatus.Paid);
    expect(paid).toBe(true);
    await sim.outbox.idle();

    const after = sim.getOrder(order.id)!;
    // A download-only order needs no shipping: nopCommerce completes it as soon as it is paid.
    expect(after).toMatchObject({
      orderStatusId: OrderStatus.Complete,
      captureTransactionId: `pi_for_${order.orderGuid}`,
    });
    expect(after.notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);

    const stored = await t.sidecar.db.prisma.inboxEvent.findMany({ where: { source: "bridge", type: "order.placed" } });
    const placedEnvelope = sim.outbox.emitted().find((e) => e.type === "order.placed")!;
    expect(stored.map((r) => r.eventId)).toContain(placedEnvelope.id);
    // The paid order raised its own events, which reached the inbox too (the sidecar's loop guard is its business).
    await waitFor(async () => (await t.sidecar.db.prisma.inboxEvent.count({ where: { type: "order.paid" } })) === 1);
  });

  it("delivers what was placed while the sidecar was unreachable", async () => {
    sim.setSidecarUrl("http://127.0.0.1:9");
    const order = sim.placeOrder({ items: [{ productId: 3 }] });
    await new Promise((r) => setTimeout(r, 30));
    expect(sim.outbox.stats().pending).toBeGreaterThan(0);
    sim.setSidecarUrl(t.url);
    await sim.outbox.flush();
    await waitFor(() => sim.getOrder(order.id)?.paymentStatusId === PaymentStatus.Paid);
    expect(refusals).toEqual([]);
  });

  it.each([
    ["signed with another secret", "HTTP 401", { eventSecret: `whsec_${randomBytes(32).toString("base64")}` }],
    ["stamped 10 minutes ago", "HTTP 400", { eventSecret: bridgeSecret, clock: () => Date.now() - 600_000 }],
  ])(
    "the sidecar refuses events %s, and the outbox marks them failed without retrying",
    async (_label, answer, options) => {
      const stray = await startNopSimulator({ ...options, writeBackSecret, sidecarUrl: t.url });
      try {
        const order = stray.placeOrder({ items: [{ productId: 3 }] });
        await stray.outbox.flush();
        const rows = stray.outbox.rows();
        expect(rows.every((r) => r.status === "failed" && r.attempts === 1 && r.lastError?.startsWith(answer))).toBe(
          true,
        );
        const ids = rows.map((r) => r.envelope.id);
        expect(await t.sidecar.db.prisma.inboxEvent.count({ where: { eventId: { in: ids } } })).toBe(0);
        expect(stray.getOrder(order.id)!.paymentStatusId).toBe(PaymentStatus.Pending);
      } finally {
        await stray.close();
      }
    },
  );
});
