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
});
