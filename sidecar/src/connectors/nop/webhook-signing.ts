import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** Standard Webhooks headers: signature = v1,base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)). */
export interface SignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export const defaultToleranceSeconds = 300;

const signers = new Map<string, Webhook>();
/** Decoding a whsec_ secret on every call is wasteful; keep one signer per secret. */
function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    signer = new Webhook(secret);
    signers.set(secret, signer);
  }
  return signer;
}

export function signWebhook(secret: string, id: string, body: string, nowMs: number): SignatureHeaders {
  const timestamp = new Date(nowMs);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(nowMs / 1000)),
    "webhook-signature": signerFor(secret).sign(id, timestamp, body),
  };
}

export type WebhookVerification =
  | { ok: true; id: string }
  | { ok: false; reason: "missing_headers" | "stale_timestamp" | "bad_signature"; message: string };

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies with an injectable clock (the package's own verify reads Date.now). Accepts a match against any
 * secret and any v1 signature in the header, so secrets can be rotated.
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: HeaderBag,
  body: string,
  options: { nowMs: number; toleranceSeconds?: number },
): WebhookVerification {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (!id || !timestamp || !signature)
    return {
      ok: false,
      reason: "missing_headers",
      message: "missing webhook-id, webhook-timestamp or webhook-signature",
    };
  const seconds = Number(timestamp);
  const tolerance = options.toleranceSeconds ?? defaultToleranceSeconds;
  if (!/^\d+$/.test(timestamp) || Math.abs(options.nowMs / 1000 - seconds) > tolerance)
    return { ok: false, reason: "stale_timestamp", message: `webhook-timestamp is outside the ${tolerance} s window` };
  const offered = signature
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3)));
  for (const secret of secrets) {
    const expected = Buffer.from(
      signerFor(secret)
        .sign(id, new Date(seconds * 1000), body)
        .slice(3),
    );
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return { ok: true, id };
  }
  return {
    ok: false,
    reason: "bad_signature",
    message: "no v1 signature matches (wrong secret, or the body was altered)",
  };
}
