import type { DecimalString } from "@nop-stripe/contract/decimal-string.js";
import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { invalid, notFound, type OpResult, ok, refused } from "./op-result.js";
import { canPartiallyRefundOffline, canRefundOffline } from "./order-rules.js";
import { fromFixed, toFixed } from "./sim-decimal.js";
import type { SimOrders } from "./sim-orders.js";
import type { SimState } from "./sim-state.js";

/** What the payment method is asked (RefundPaymentRequest), and what it answers. */
export interface RefundPaymentRequest {
  orderGuid: string;
  /** Order.RefundedAmount before this refund: part of the plugin's request id. */
  refundedSoFar: string;
  amount: DecimalString;
  isPartialRefund: boolean;
}
export type RefundPayment = (request: RefundPaymentRequest) => Promise<{ refundId: string }>;

/**
 * The admin's Refund and Partial refund buttons, as OrderProcessingService.RefundAsync / PartiallyRefundAsync run
 * them: the Can* check (the same arithmetic as the offline checks), the payment method's RefundAsync (here the
 * plugin's signed call to the sidecar), then on success RefundedAmount += amount, the payment status (Refunded once
 * the whole total is back), the note, CheckOrderStatus and OrderRefundedEvent; the plugin keeps the refund id, so a
 * later recordRefund with it answers alreadyApplied. On failure the error becomes an order note and nothing else.
 */
export class SimOnlineRefunds {
  constructor(
    private readonly state: SimState,
    private readonly orders: SimOrders,
    private readonly refundPayment: RefundPayment,
  ) {}

  /** `amount` unset: the Refund button (the whole total); set: Partial refund. */
  async refund(orderId: number, amount?: string): Promise<OpResult<NopOrderDetail>> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const d = order.detail;
    const isPartialRefund = amount !== undefined;
    const toRefund = isPartialRefund ? amount : d.orderTotal;
    if (!/^\d+(\.\d+)?$/.test(toRefund) || toFixed(toRefund) <= 0n) return invalid("amount must be greater than zero");
    const check = isPartialRefund ? canPartiallyRefundOffline(d, toRefund) : canRefundOffline(d);
    if (!check.ok) return refused(isPartialRefund ? "CanPartiallyRefund" : "CanRefund", check.message);
    const wire = fromFixed(toFixed(toRefund));
    let refundId: string;
    try {
      ({ refundId } = await this.refundPayment({
        orderGuid: d.orderGuid,
        refundedSoFar: d.refundedAmount,
        amount: wire,
        isPartialRefund,
      }));
    } catch (error) {
      this.orders.addOrderNote(orderId, `Unable to refund order. ${(error as Error).message}`, false);
      return refused("RefundAsync", (error as Error).message);
    }
    // The order may have moved while the payment method worked; nopCommerce applies the result to what it holds.
    const total = toFixed(d.refundedAmount) + toFixed(wire);
    d.refundedAmount = fromFixed(total);
    d.paymentStatusId =
      !isPartialRefund || total === toFixed(d.orderTotal) ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
    order.refundIds.add(refundId);
    return ok(this.orders.afterOnlineRefund(orderId, wire, isPartialRefund));
  }
}
