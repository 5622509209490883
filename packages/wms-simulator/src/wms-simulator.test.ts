import { waitFor } from "@nop-stripe/simulator-support/wait-for.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWmsSimulator, type WmsSimulator } from "./index.js";

let wms: WmsSimulator;
const headers = { authorization: "Bearer k", "content-type": "application/json", "idempotency-key": "fr" };
const request = {
  orderReference: "nop-order-0001",
  erpDocumentNumber: "SO-000001",
  shipTo: { name: "Ada", line1: "1 Main St", city: "Springfield", country: "US" },
  lines: [{ sku: "MUG-01", quantity: 1 }],
  // Nothing listens here; the deliveries fail, which these tests do not mind.
  callbackUrl: "http://127.0.0.1:9/callbacks",
};

beforeAll(async () => {
  wms = await startWmsSimulator({ apiKey: "k", shipAfterMs: null, deliverAfterMs: null, callbackRetryScheduleMs: [] });
});
afterAll(() => wms.close());

describe("WMS simulator over HTTP", () => {
  it("replays the original acceptance even after the request moved on", async () => {
    const post = () =>
      fetch(`${wms.url}/fulfillment-requests`, { method: "POST", headers, body: JSON.stringify(request) });
    const first = await (await post()).json();
    expect(first).toMatchObject({ id: "FR-000001", status: "accepted" });

    const shipped = await fetch(`${wms.url}/_control/fulfillment-requests/FR-000001/ship`, { method: "POST" });
    expect(await shipped.json()).toMatchObject({ status: "shipped", shipment: { carrier: "DHL" } });
    expect(await (await post()).json()).toEqual(first);

    const delivered = await fetch(`${wms.url}/_control/fulfillment-requests/FR-000001/deliver`, { method: "POST" });
    expect(await delivered.json()).toMatchObject({
      status: "delivered",
      shipment: { deliveredAt: expect.any(String) },
    });
    await waitFor(() => wms.callbacks().length === 2 && wms.callbacks().every((c) => c.status === "failed"));
    expect(wms.callbacks().map((c) => c.type)).toEqual(["shipment.shipped", "shipment.delivered"]);
  });

  it("answers 404 for an unknown request, on the API and the control route", async () => {
    const api = await fetch(`${wms.url}/fulfillment-requests/FR-404`, { headers });
    expect(api.status).toBe(404);
    const control = await fetch(`${wms.url}/_control/fulfillment-requests/FR-404/ship`, { method: "POST" });
    expect(control.status).toBe(404);
  });

  it("rejects a country name instead of an ISO code, naming the field", async () => {
    const bad = { ...request, shipTo: { ...request.shipTo, country: "USA" } };
    const res = await fetch(`${wms.url}/fulfillment-requests`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": "bad" },
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { field: "shipTo.country" } });
  });

  it("holds an accepted request (not shipped until released), refuses to hold a shipped one, cancels for good", async () => {
    const post = (path: string, key: string, body: unknown = {}) =>
      fetch(`${wms.url}${path}`, {
        method: "POST",
        headers: { ...headers, "idempotency-key": key },
        body: JSON.stringify(body),
      });
    const created = await (await post("/fulfillment-requests", "hold-1", request)).json();
    const hold = () => post(`/fulfillment-requests/${created.id}/hold`, "h1", { reason: "dispute du_1" });
    const held = await (await hold()).json();
    expect(held).toMatchObject({ status: "on_hold", hold: { reason: "dispute du_1" } });
    expect(await (await hold()).json()).toEqual(held); // the same key: the same answer

    const ship = await fetch(`${wms.url}/_control/fulfillment-requests/${created.id}/ship`, { method: "POST" });
    expect(ship.status).toBe(409);
    expect(await ship.json()).toMatchObject({ error: { code: "on_hold" } });

    const released = await (await post(`/fulfillment-requests/${created.id}/release`, "r1")).json();
    expect(released.status).toBe("accepted");
    expect(released.hold).toBeUndefined();
    wms.ship(created.id);
    const late = await post(`/fulfillment-requests/${created.id}/hold`, "h2", { reason: "dispute du_2" });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "already_shipped" } });

    const other = await (await post("/fulfillment-requests", "hold-2", request)).json();
    const cancel = () => post(`/fulfillment-requests/${other.id}/cancel`, "c1", { reason: "dispute lost" });
    expect(await (await cancel()).json()).toMatchObject({ status: "cancelled" });
    expect((await cancel()).status).toBe(200);
    const release = await post(`/fulfillment-requests/${other.id}/release`, "r2");
    expect(await release.json()).toMatchObject({ error: { code: "cancelled" } });
  });
});
