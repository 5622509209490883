import { waitFor } from "@nop-stripe/simulator-support/wait-for.js";
import { startWmsSimulator, type WmsSimulator } from "@nop-stripe/wms-simulator/index.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorUnavailable, WmsRejected } from "../../ports/connector-errors.js";
import { HttpWmsAdapter } from "./http-wms-adapter.js";
import { createShipmentCallbackVerifier } from "./shipment-callback-verifier.js";
import { CallbackReceiver } from "./test-support/callback-receiver.js";
import type { FulfillmentRequestDraft } from "./wms-types.js";

let wms: WmsSimulator;
let adapter: HttpWmsAdapter;
let receiver: CallbackReceiver;

const draft = (callbackUrl: string, orderReference = "nop-order-0001"): FulfillmentRequestDraft => ({
  orderReference,
  erpDocumentNumber: "SO-000001",
  shipTo: { name: "Ada Lovelace", line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE" },
  lines: [
    { sku: "MUG-01", quantity: 2 },
    { sku: "TEE-XL", quantity: 1 },
  ],
  callbackUrl,
});

beforeAll(async () => {
  wms = await startWmsSimulator({
    apiKey: "test-wms-key",
    shipAfterMs: null,
    deliverAfterMs: null,
    callbackRetryScheduleMs: [20, 20, 20, 20, 20, 20, 20, 20, 20, 20],
    callbackTimeoutMs: 500,
  });
  adapter = new HttpWmsAdapter({
    baseUrl: wms.url,
    apiKey: "test-wms-key",
    timeoutMs: 300,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  });
});
afterAll(() => wms.close());
beforeEach(async () => {
  wms.reset();
  // The previous secret stays accepted, as during a rotation.
  receiver = new CallbackReceiver(
    createShipmentCallbackVerifier({ secrets: ["whsec_b2xkIHNlY3JldCBiZWZvcmUgcm90YXRpb24=", wms.webhookSecret] }),
  );
  await receiver.up();
});
afterEach(() => receiver.down());

describe("fulfillment requests", () => {
  it("accepts a request, replays it for the same key, and reads it back", async () => {
    const created = await adapter.createFulfillmentRequest(draft(receiver.url), "fr-1");
    expect(created).toMatchObject({ id: "FR-000001", status: "accepted", erpDocumentNumber: "SO-000001" });
    expect(await adapter.createFulfillmentRequest(draft(receiver.url), "fr-1")).toEqual(created);
    expect(wms.fulfillmentRequests()).toHaveLength(1);
    expect(await adapter.getFulfillmentRequest("FR-000001")).toEqual(created);
    expect(await adapter.getFulfillmentRequest("FR-999999")).toBeNull();
  });

  it("holds, releases and cancels; a shipped request answers already_shipped as a value, not an error", async () => {
    const { id } = await adapter.createFulfillmentRequest(draft(receiver.url), "fr-hold");
    const held = await adapter.holdFulfillmentRequest(id, "dispute du_1", "h-1");
    expect(held).toMatchObject({ ok: true, value: { status: "on_hold", hold: { reason: "dispute du_1" } } });
    expect(await adapter.releaseFulfillmentRequest(id, "r-1")).toMatchObject({
      ok: true,
      value: { status: "accepted" },
    });
    wms.ship(id);
    expect(await adapter.holdFulfillmentRequest(id, "dispute du_2", "h-2")).toMatchObject({
      ok: false,
      error: { kind: "already_shipped" },
    });
    const other = await adapter.createFulfillmentRequest(draft(receiver.url, "nop-order-0002"), "fr-cancel");
    expect(await adapter.cancelFulfillmentRequest(other.id, "dispute lost", "c-1")).toMatchObject({
      ok: true,
      value: { status: "cancelled" },
    });
    expect(await adapter.releaseFulfillmentRequest(other.id, "r-2")).toMatchObject({
      ok: false,
      error: { kind: "cancelled" },
    });
  });

  it("refuses the same key with another body", async () => {
    await adapter.createFulfillmentRequest(draft(receiver.url), "fr-reused");
    const error = await adapter
      .createFulfillmentRequest(draft(receiver.url, "nop-order-0002"), "fr-reused")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WmsRejected);
    expect(error).toMatchObject({ status: 409, code: "idempotency_key_reused", transient: false });
  });

  it("rejects a request without lines, naming the field", async () => {
    const error = await adapter
      .createFulfillmentRequest({ ...draft(receiver.url), lines: [] }, "fr-empty")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, field: "lines" });
  });

  it("retries 503s and reports ConnectorUnavailable when they do not stop", async () => {
    wms.faults.set({ mode: "error", status: 503, count: 2 });
    expect((await adapter.createFulfillmentRequest(draft(receiver.url), "fr-503")).id).toBe("FR-000001");
    wms.faults.set({ mode: "error", status: 503 });
    const error = await adapter.getFulfillmentRequest("FR-000001").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorUnavailable);
    expect(wms.requests.count("GET", "/fulfillment-requests")).toBe(3);
  });
});

describe("shipment notifications", () => {
  it("sends shipped then delivered, each signed, verified and carrying the tracking number", async () => {
    const created = await adapter.createFulfillmentRequest(draft(receiver.url), "fr-ship");
    wms.ship(created.id);
    const [shipped] = await waitFor(() => receiver.accepted.length === 1 && receiver.accepted);
    wms.deliver(created.id);
    await waitFor(() => receiver.accepted.length === 2);
    const delivered = receiver.accepted[1]!;

    const current = await adapter.getFulfillmentRequest(created.id);
    expect(current?.status).toBe("delivered");
    expect(shipped).toMatchObject({
      type: "shipment.shipped",
      data: {
        fulfillmentRequestId: created.id,
        orderReference: "nop-order-0001",
        status: "shipped",
        carrier: "DHL",
        trackingNumber: current?.shipment?.trackingNumber,
      },
    });
    expect(delivered).toMatchObject({
      type: "shipment.delivered",
      data: { status: "delivered", deliveredAt: current?.shipment?.deliveredAt },
    });
    expect(shipped?.id).not.toBe(delivered.id);
    expect(receiver.refused).toEqual([]);
  });

  it("ships and delivers on its own after the configured delays", async () => {
    const auto = await startWmsSimulator({ webhookSecret: wms.webhookSecret, shipAfterMs: 20, deliverAfterMs: 20 });
    try {
      const client = new HttpWmsAdapter({ baseUrl: auto.url, apiKey: auto.apiKey });
      await client.createFulfillmentRequest(draft(receiver.url), "fr-auto");
      await waitFor(() => receiver.accepted.length === 2, { what: "shipped and delivered" });
      expect(receiver.accepted.map((n) => n.type)).toEqual(["shipment.shipped", "shipment.delivered"]);
    } finally {
      await auto.close();
    }
  });

  it("retries while the receiver is down and delivers each event exactly once when it is back", async () => {
    const created = await adapter.createFulfillmentRequest(draft(receiver.url), "fr-down");
    await receiver.down();
    wms.ship(created.id);
    await waitFor(() => (wms.callbacks()[0]?.attempts.length ?? 0) >= 2, { what: "two failed attempts" });
    await receiver.up();
    await waitFor(() => wms.callbacks()[0]?.status === "delivered", { what: "redelivery" });
    wms.deliver(created.id);
    await waitFor(() => wms.callbacks().every((c) => c.status === "delivered") && wms.callbacks().length === 2);

    const [shipped] = wms.callbacks();
    expect(shipped?.attempts.slice(0, 2).map((a) => a.status)).toEqual([0, 0]);
    expect(shipped?.attempts.at(-1)?.status).toBe(204);
    expect(receiver.ids()).toEqual(wms.callbacks().map((c) => c.eventId));
    expect(new Set(receiver.ids()).size).toBe(2);
  });

  it("keeps the event id across retries when the receiver answers non-2xx", async () => {
    // A receiver that does not know the secret answers 400 each time; the WMS retries with the same id.
    const stranger = new CallbackReceiver(
      createShipmentCallbackVerifier({ secrets: ["whsec_c29tZW9uZSBlbHNlcyBzZWNyZXQ="] }),
    );
    await stranger.up();
    try {
      const created = await adapter.createFulfillmentRequest(draft(stranger.url), "fr-refused");
      wms.ship(created.id);
      await waitFor(() => wms.callbacks()[0]?.status === "failed", { what: "retries to run out" });
      const delivery = wms.callbacks()[0]!;
      expect(delivery.attempts).toHaveLength(11);
      expect(delivery.attempts.every((a) => a.status === 400)).toBe(true);
      expect(stranger.refused).toHaveLength(11);
      expect(stranger.refused.every((r) => r.reason === "bad_signature" && r.webhookId === delivery.eventId)).toBe(
        true,
      );
    } finally {
      await stranger.down();
    }
  });
});
