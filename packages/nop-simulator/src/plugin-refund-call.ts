import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import type { RefundPayment } from "./sim-online-refunds.js";

/**
 * The plugin's RefundAsync: a signed call to the sidecar's /bridge/payments/refund with the request id
 * `refund:<OrderGuid>:<RefundedAmount>:<amount>`, so a retried button press is the same refund. An error answer
 * is the payment method's error (nopCommerce shows it and writes it to the order notes).
 */
export function pluginRefundCall(sidecarUrl: () => string | undefined, bridgeSecret: string): RefundPayment {
  return async ({ orderGuid, refundedSoFar, amount, isPartialRefund }) => {
    const url = sidecarUrl();
    if (!url) throw new Error("the payment plugin has no sidecar URL configured");
    const body = JSON.stringify({ orderGuid, amount, isPartialRefund });
    const id = `refund:${orderGuid}:${refundedSoFar}:${amount}`;
    const response = await httpFetch(`${url}/bridge/payments/refund`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signWebhook(bridgeSecret, id, body, Date.now()) },
      body,
    });
    const answer = JSON.parse(await response.text()) as { refundId?: string; error?: { message?: string } };
    if (!response.ok || !answer.refundId)
      throw new Error(answer.error?.message ?? `the sidecar answered ${response.status} without a refund`);
    return { refundId: answer.refundId };
  };
}
