import { paymentCallPaths, paymentCallSchemas } from "@nop-stripe/contract/payment-call-schemas.js";
import express, { type Router } from "express";
import { orderGuid as orderGuidOf } from "../../domain/ids.js";
import { fromDecimalString } from "../../domain/money.js";
import { type SignedCallOptions, signedCall } from "../../flow-kit/signed-call-route.js";
import type { Refunds } from "./flow.js";
import { RefundRefusedError } from "./request-refund.js";

/**
 * The plugin's admin Refund / Partial refund: one Stripe refund per plugin request id (`refund:<orderGuid>:
 * <refundedSoFar>:<amount>`), answered synchronously with its id, which nopCommerce records itself.
 */
export function refundsRoutes(refunds: Refunds, options: SignedCallOptions): Router {
  const router = express.Router();
  router.post(
    paymentCallPaths.refund,
    signedCall(options, paymentCallSchemas.refund.request, async (input, requestId) => {
      const orderGuid = orderGuidOf(input.orderGuid);
      const currency = await refunds.currencyOf(orderGuid);
      if (!currency)
        throw new RefundRefusedError(`order ${orderGuid} is not one this sidecar took a payment for`, "unknown_order");
      const amount = fromDecimalString(input.amount, currency);
      if (!amount.ok) throw new RefundRefusedError(`amount ${input.amount}: ${amount.error.message}`, "bad_amount");
      const refund = await refunds.adminRefund({
        orderGuid,
        amount: amount.value,
        requestId,
        partial: input.isPartialRefund,
      });
      return { refundId: refund.stripeRefundId, status: refund.state };
    }),
  );
  return router;
}
