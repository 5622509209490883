import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./standard-webhooks.js";

const secret = () => `whsec_${randomBytes(32).toString("base64")}`;
const now = Date.UTC(2026, 11, 1, 12, 0, 0);
const body = JSON.stringify({ orderId: 7 });

describe("Standard Webhooks", () => {
  it("signs as the standardwebhooks package does, and verifies by the injected clock", () => {
    const key = secret();
    const headers = signWebhook(key, "msg_1", body, now);
    expect(headers["webhook-signature"]).toBe(new Webhook(key).sign("msg_1", new Date(now), body));
    expect(verifyWebhook([key], headers, body, { now: () => now })).toEqual({ ok: true, id: "msg_1", body });
    expect(verifyWebhook([key], headers, Buffer.from(body), { now: () => now + 300_000 }).ok).toBe(true);
    expect(verifyWebhook([key], headers, body, { now: () => now - 300_000 }).ok).toBe(true);
  });

  it("accepts any listed secret and any v1 signature in the header (rotation)", () => {
    const [old, next] = [secret(), secret()];
    const signed = signWebhook(next, "msg_2", body, now);
    expect(verifyWebhook([old, next], signed, body, { now: () => now }).ok).toBe(true);
    const both = `${signWebhook(old, "msg_2", body, now)["webhook-signature"]} ${signed["webhook-signature"]}`;
    expect(verifyWebhook([next], { ...signed, "webhook-signature": both }, body, { now: () => now }).ok).toBe(true);
  });

  it("refuses in one vocabulary: missing_headers, stale_timestamp (both ways), bad_signature", () => {
    const key = secret();
    const signed = signWebhook(key, "msg_3", body, now);
    const reason = (headers: Record<string, string>, text = body, at = now) => {
      const result = verifyWebhook([key], headers, text, { now: () => at });
      return result.ok ? "ok" : result.reason;
    };
    expect(reason({ "webhook-id": "msg_3", "webhook-timestamp": signed["webhook-timestamp"] })).toBe("missing_headers");
    expect(reason(signed, body, now + 301_000)).toBe("stale_timestamp");
    expect(reason(signed, body, now - 301_000)).toBe("stale_timestamp");
    expect(reason({ ...signed, "webhook-timestamp": "soon" })).toBe("stale_timestamp");
    expect(reason(signed, JSON.stringify({ orderId: 8 }))).toBe("bad_signature");
    expect(reason({ ...signed, "webhook-id": "msg_4" })).toBe("bad_signature");
    expect(reason(signWebhook(secret(), "msg_3", body, now))).toBe("bad_signature");
  });
});
