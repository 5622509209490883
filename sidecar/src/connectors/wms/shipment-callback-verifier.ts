import { type SignatureRefusal, verifyWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { type ShipmentNotification, shipmentNotificationSchema } from "./shipment-notification.js";

export type ShipmentCallbackRejection = SignatureRefusal | "bad_json" | "bad_shape";

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
  const secrets = typeof options.secrets === "function" ? options.secrets : () => options.secrets as readonly string[];

  return function verify(rawBody: string | Buffer, headers: Record<string, HeaderValue>): ShipmentCallbackVerification {
    const signed = verifyWebhook(secrets(), headers, rawBody, {
      now: options.now,
      toleranceSeconds: options.toleranceSeconds,
    });
    if (!signed.ok) return reject(signed.reason, signed.message);
    const { id, body } = signed;

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
