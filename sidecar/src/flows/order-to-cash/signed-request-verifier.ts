import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { reject, timestampProblem, type Verified } from "../../webhooks/verification-result.js";

export interface SignedRequest {
  id: string;
  body: string;
}

/**
 * Standard Webhooks verification for requests that are not inbox events (the plugin's payment calls): the
 * same scheme and window as bridge events, without the event envelope.
 */
export function verifyStandardWebhook(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
  toleranceSeconds: number,
  now = Date.now(),
): Verified<SignedRequest> {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = one("webhook-id");
  const timestamp = one("webhook-timestamp");
  const signature = one("webhook-signature");
  if (!id || !timestamp || !signature)
    return reject("bad_signature", "missing webhook-id, webhook-timestamp or webhook-signature header");
  const problem = timestampProblem(Number(timestamp), now, toleranceSeconds);
  if (problem) return reject("stale_timestamp", problem);
  const body = rawBody.toString("utf8");
  const signed = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
  const ok = secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, signed, { jsonParse: false });
      return true;
    } catch (err) {
      if (err instanceof WebhookVerificationError) return false;
      throw err;
    }
  });
  if (!ok) return reject("bad_signature", "no signature matches any active bridge secret");
  return { ok: true, value: { id, body } };
}
