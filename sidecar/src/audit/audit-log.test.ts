import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { knownSecrets } from "../vault/known-secrets.js";
import { withoutSecrets } from "./audit-log.js";

describe("withoutSecrets", () => {
  it("replaces secret-looking values at any depth and keeps the rest", () => {
    const detail = {
      kind: "stripe_webhook_secret",
      secret: "whsec_abc",
      nested: { apiKey: "sk_test_1", list: [{ token: "nss_x", storeId: 2 }] },
      overlapSeconds: 3600,
    };
    expect(withoutSecrets(detail)).toEqual({
      kind: "stripe_webhook_secret",
      secret: "[redacted]",
      nested: { apiKey: "[redacted]", list: [{ token: "[redacted]", storeId: 2 }] },
      overlapSeconds: 3600,
    });
  });

  it("replaces an API token or a known secret wherever it was pasted, whatever the field is called", () => {
    const token = `nss_${randomBytes(32).toString("base64url")}`;
    const secret = `sk_live_${randomBytes(16).toString("hex")}`;
    knownSecrets.add(secret);
    expect(withoutSecrets({ id: token, scope: `oops ${secret}`, ids: [token, "5d2f8a61"] })).toEqual({
      id: "[redacted]",
      scope: "oops [redacted]",
      ids: ["[redacted]", "5d2f8a61"],
    });
  });

  it("keeps dates as ISO strings, at any depth (JSON would store {})", () => {
    const at = new Date("2030-01-02T03:04:05.678Z");
    expect(withoutSecrets({ expiresAt: at, args: { until: [at] }, bad: new Date(Number.NaN) })).toEqual({
      expiresAt: "2030-01-02T03:04:05.678Z",
      args: { until: ["2030-01-02T03:04:05.678Z"] },
      bad: "Invalid Date",
    });
  });
});
