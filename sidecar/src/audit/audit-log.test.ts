import { describe, expect, it } from "vitest";
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
});
