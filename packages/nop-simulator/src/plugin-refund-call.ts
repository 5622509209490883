import { pluginPaymentCall } from "./plugin-checkout.js";
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
    const { status, text } = await pluginPaymentCall(
      { sidecarUrl: url, bridgeSecret },
      "refund",
      `refund:${orderGuid}:${refundedSoFar}:${amount}`,
      { orderGuid, amount, isPartialRefund },
    );
    const answer = JSON.parse(text) as { refundId?: string; error?: { message?: string } };
    if (status < 200 || status > 299 || !answer.refundId)
      throw new Error(answer.error?.message ?? `the sidecar answered ${status} without a refund`);
    return { refundId: answer.refundId };
  };
}
