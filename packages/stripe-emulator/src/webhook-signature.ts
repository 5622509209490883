import { createHmac } from "node:crypto";

/**
 * `Stripe-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`, one `v1` per
 * active secret.
 */
export function signatureHeader(payload: string, secrets: string[], timestamp: number): string {
  const signatures = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex")}`,
  );
  return [`t=${timestamp}`, ...signatures].join(",");
}
