import { paymentCallPaths, paymentCallSchemas } from "@nop-stripe/contract/payment-call-schemas.js";
import express, { type Router } from "express";
import type { OrderGuid } from "../../domain/ids.js";
import { orderGuid as orderGuidOf } from "../../domain/ids.js";
import type { Currency, Money } from "../../domain/money.js";
import { fromDecimalString } from "../../domain/money.js";
import { type SignedCallOptions, signedCall } from "../../flow-kit/signed-call-route.js";
import type { RefundRecord } from "./refunds-store.js";
import { RefundRefusedError } from "./request-refund.js";

/** What the route needs of the flow. */
export interface AdminRefunds {
  /** The admin's Refund / Partial refund (the plugin's request id keys it). */
  adminRefund(request: {
    orderGuid: OrderGuid;
    amount: Money;
    requestId: string;
    partial: boolean;
  }): Promise<RefundRecord>;
  currencyOf(orderGuid: OrderGuid): Promise<Currency | undefined>;
}

/**
 * The plugin's admin Refund / Partial refund: one Stripe refund per plugin request id (`refund:<orderGuid>:
 * <refundedSoFar>:<amount>`), answered synchronously with its id, which nopCommerce records itself.
 */
export function refundsRoutes(refunds: AdminRefunds, options: SignedCallOptions): Router {
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
