import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * The Standard Webhooks scheme (standardwebhooks.com), the one module that signs and verifies it on both sides
 * of every signed wire: bridge events and the plugin's payment calls (plugin -> sidecar), write-back calls
 * (sidecar -> plugin), the warehouse's shipment callbacks, and the simulators that play those senders.
 * Signature = v1,base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)), secrets `whsec_<base64>`.
 */
export type SignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** How far a timestamp may be from the verifier's clock, either way. */
export const defaultToleranceSeconds = 300;

/** Milliseconds since the epoch; `Date.now` unless a test or a simulator brings its own. */
export type Clock = () => number;

/** Every verifier's refusals, in these words (a route may answer two of them alike). */
export type SignatureRefusal = "missing_headers" | "stale_timestamp" | "bad_signature";

export type SignatureCheck =
  | { ok: true; id: string; body: string }
  | { ok: false; reason: SignatureRefusal; message: string };

export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

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

/** The three headers for `body`, signed at `nowMs`. */
export function signWebhook(secret: string, id: string, body: string, nowMs: number): SignatureHeaders {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(nowMs / 1000)),
    "webhook-signature": signerFor(secret).sign(id, new Date(nowMs), body),
  };
}

/** Both directions: an old delivery may be a replay; a future one is forged or from a badly wrong clock. */
export function timestampProblem(
  timestampSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): string | undefined {
  if (!Number.isSafeInteger(timestampSeconds)) return "timestamp is not an integer number of seconds";
  const skew = nowMs / 1000 - timestampSeconds;
  if (skew > toleranceSeconds) return `timestamp is ${Math.round(skew)} s old; the limit is ${toleranceSeconds} s`;
  if (-skew > toleranceSeconds)
    return `timestamp is ${Math.round(-skew)} s in the future; the limit is ${toleranceSeconds} s`;
  return undefined;
}

export interface VerifyOptions {
  now?: Clock;
  toleranceSeconds?: number;
}

/**
 * Headers present, timestamp within the window both ways (by the injected clock: the package's own verify
 * reads Date.now), then a v1 signature over the raw body made with any of `secrets`: every unexpired secret
 * is listed during a rotation, and the header may carry several signatures (the sender rotating).
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: HeaderBag,
  rawBody: string | Buffer,
  options: VerifyOptions = {},
): SignatureCheck {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (!id || !timestamp || !signature)
    return {
      ok: false,
      reason: "missing_headers",
      message: "missing webhook-id, webhook-timestamp or webhook-signature header",
    };
  const seconds = Number(timestamp);
  const problem = timestampProblem(
    seconds,
    (options.now ?? Date.now)(),
    options.toleranceSeconds ?? defaultToleranceSeconds,
  );
  if (problem) return { ok: false, reason: "stale_timestamp", message: problem };

  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  const offered = signature
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s));
  const signedAt = new Date(seconds * 1000);
  for (const secret of secrets) {
    const expected = Buffer.from(signerFor(secret).sign(id, signedAt, body));
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected)))
      return { ok: true, id, body };
  }
  return {
    ok: false,
    reason: "bad_signature",
    message: "no v1 signature matches an active secret (wrong secret, or the body was altered or re-serialized)",
  };
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : value?.[0];
}
