import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { containsCredential, scrubCredentials } from "./credential-text.js";
import { knownSecrets } from "./known-secrets.js";

describe("credentials in text", () => {
  const token = `nss_${randomBytes(32).toString("base64url")}`;
  const stripeKey = `sk_live_${randomBytes(16).toString("hex")}`;
  const restricted = `rk_test_${randomBytes(16).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const erpKey = `erp-${randomBytes(12).toString("hex")}`;

  it("finds API tokens, Stripe keys, webhook secrets and any secret the vault holds, anywhere in the text", () => {
    knownSecrets.add(erpKey);
    for (const credential of [token, stripeKey, restricted, webhookSecret, erpKey]) {
      expect(containsCredential(credential), credential.slice(0, 6)).toBe(true);
      expect(containsCredential(`ci for ${credential} (prod)`)).toBe(true);
      expect(scrubCredentials(`ci ${credential}`)).toBe("ci [redacted]");
    }
  });

  it("leaves ordinary names alone, publishable keys and a token's display prefix included", () => {
    for (const name of ["ci", "dashboard (finance)", "nss_abcdefgh", "pk_live_51Habc", "whsec", "task_test_runner"])
      expect(containsCredential(name), name).toBe(false);
  });
});
