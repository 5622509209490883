import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createShipmentCallbackVerifier } from "./shipment-callback-verifier.js";
import type { ShipmentNotification } from "./shipment-notification.js";

const oldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const newSecret = "whsec_bmV3IHNlY3JldCBhZnRlciByb3RhdGlvbg==";
const now = Date.UTC(2026, 10, 27, 12, 0, 0);

const notification: ShipmentNotification = {
  id: "evt_1",
  type: "shipment.shipped",
  timestamp: new Date(now).toISOString(),
  data: {
    fulfillmentRequestId: "FR-000001",
    orderReference: "nop-order-0001",
    erpDocumentNumber: "SO-000001",
    status: "shipped",
    carrier: "DHL",
    trackingNumber: "SBX000000001",
    shippedAt: new Date(now).toISOString(),
    lines: [{ sku: "MUG-01", quantity: 2 }],
  },
};

function signed(secret: string, body = JSON.stringify(notification), at = now, id = notification.id) {
  return {
    body,
    headers: {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, new Date(at), body),
    },
  };
}

const verify = createShipmentCallbackVerifier({ secrets: [oldSecret, newSecret], now: () => now });

describe("shipment callback verifier", () => {
  it("accepts a callback signed with any active secret (rotation)", () => {
    for (const secret of [oldSecret, newSecret]) {
      const { body, headers } = signed(secret);
      expect(verify(Buffer.from(body), headers)).toEqual({ ok: true, notification });
    }
  });

  it("accepts when one of several offered signatures matches", () => {
    const { body, headers } = signed(newSecret);
    const other = signed("whsec_c29tZW9uZSBlbHNlcyBzZWNyZXQ=").headers["webhook-signature"];
    expect(verify(body, { ...headers, "webhook-signature": `${other} ${headers["webhook-signature"]}` }).ok).toBe(true);
  });

  it("rejects a secret that is not active", () => {
    const { body, headers } = signed("whsec_c29tZW9uZSBlbHNlcyBzZWNyZXQ=");
    expect(verify(body, headers)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a body changed after signing, even by whitespace", () => {
    const { body, headers } = signed(newSecret);
    expect(verify(`${body} `, headers)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects timestamps outside the window in both directions", () => {
    for (const at of [now - 301_000, now + 301_000]) {
      const { body, headers } = signed(newSecret, undefined, at);
      expect(verify(body, headers)).toMatchObject({ ok: false, reason: "stale_timestamp" });
    }
  });

  it("rejects missing headers, bad JSON, a wrong shape and an id mismatch", () => {
    const { body, headers } = signed(newSecret);
    expect(verify(body, { ...headers, "webhook-id": undefined })).toMatchObject({ reason: "missing_headers" });
    const notJson = signed(newSecret, "{not json");
    expect(verify(notJson.body, notJson.headers)).toMatchObject({ reason: "bad_json" });
    const wrongShape = signed(newSecret, JSON.stringify({ ...notification, type: "shipment.lost" }));
    expect(verify(wrongShape.body, wrongShape.headers)).toMatchObject({
      reason: "bad_shape",
      message: expect.stringContaining("type"),
    });
    const otherId = signed(newSecret, undefined, now, "evt_2");
    expect(verify(otherId.body, otherId.headers)).toMatchObject({
      reason: "bad_shape",
      message: expect.stringContaining("webhook-id"),
    });
  });
});
