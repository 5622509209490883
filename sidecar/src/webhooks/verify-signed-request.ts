import { verifyWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { reject, type Verified } from "./verification-result.js";

export interface SignedRequest {
  id: string;
  body: string;
}

/**
 * The bridge's signed requests (its events, and the plugin's payment calls, which are not inbox events):
 * Standard Webhooks with every active bridge secret. A request without the signature headers is answered as
 * one with a wrong signature (401 bad_signature), as the README's refusal table says.
 */
export function verifyStandardWebhook(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[],
  toleranceSeconds: number,
  now = Date.now(),
): Verified<SignedRequest> {
  const checked = verifyWebhook(secrets, headers, rawBody, { now: () => now, toleranceSeconds });
  if (!checked.ok)
    return reject(checked.reason === "missing_headers" ? "bad_signature" : checked.reason, checked.message);
  return { ok: true, value: { id: checked.id, body: checked.body } };
}
