import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { type ShipmentNotification, shipmentNotificationSchema } from "./shipment-notification.js";

export type ShipmentCallbackRejection =
  | "missing_headers"
  | "stale_timestamp"
  | "bad_signature"
  | "bad_json"
  | "bad_shape";

export type ShipmentCallbackVerification =
  | { ok: true; notification: ShipmentNotification }
  | { ok: false; reason: ShipmentCallbackRejection; message: string };

export interface ShipmentCallbackVerifierOptions {
  /** Standard Webhooks secrets (whsec_<base64>); during a rotation both old and new are listed. */
  secrets: readonly string[] | (() => readonly string[]);
  /** Both directions; default 300 s. */
  toleranceSeconds?: number;
  now?: () => number;
}

type HeaderValue = string | readonly string[] | undefined;

const reject = (reason: ShipmentCallbackRejection, message: string): ShipmentCallbackVerification => ({
  ok: false,
  reason,
  message,
});

/**
 * Checks a WMS shipment callback: headers present, timestamp within tolerance, a v1 signature made with one
 * of the active secrets over the raw body (not a re-serialized parse of it), then the body's shape.
 */
export function createShipmentCallbackVerifier(options: ShipmentCallbackVerifierOptions) {
  const signers = new Map<string, Webhook>();
  const signerFor = (secret: string) => {
    let signer = signers.get(secret);
    if (!signer) {
      signer = new Webhook(secret);
      signers.set(secret, signer);
    }
    return signer;
  };
  const secrets = typeof options.secrets === "function" ? options.secrets : () => options.secrets as readonly string[];
  const tolerance = options.toleranceSeconds ?? 300;

  return function verify(rawBody: string | Buffer, headers: Record<string, HeaderValue>): ShipmentCallbackVerification {
    const id = header(headers, "webhook-id");
    const timestamp = header(headers, "webhook-timestamp");
    const signatures = header(headers, "webhook-signature");
    if (!id || !timestamp || !signatures)
      return reject("missing_headers", "missing webhook-id, webhook-timestamp or webhook-signature header");
    const seconds = Number(timestamp);
    const skew = (options.now?.() ?? Date.now()) / 1000 - seconds;
    if (!Number.isSafeInteger(seconds) || Math.abs(skew) > tolerance)
      return reject("stale_timestamp", `webhook-timestamp ${timestamp} is outside the ${tolerance} s window`);

    const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
    // The header may carry several space-separated signatures (the sender rotating); any match will do.
    const offered = signatures.split(" ").filter((s) => s.startsWith("v1,"));
    const signedAt = new Date(seconds * 1000);
    const matches = secrets().some((secret) => {
      const expected = signerFor(secret).sign(id, signedAt, body);
      return offered.some((candidate) => sameText(candidate, expected));
    });
    if (!matches)
      return reject("bad_signature", "no signature matches an active secret (was the body parsed and re-serialized?)");

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (err) {
      return reject("bad_json", `body is not JSON: ${(err as Error).message}`);
    }
    const parsed = shipmentNotificationSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reject("bad_shape", `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    if (parsed.data.id !== id) return reject("bad_shape", "body id differs from the webhook-id header");
    return { ok: true, notification: parsed.data };
  };
}

export type ShipmentCallbackVerifier = ReturnType<typeof createShipmentCallbackVerifier>;

function header(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : value?.[0];
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
