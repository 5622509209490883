import type { DecimalString } from "@nop-stripe/contract/decimal-string.js";
import {
  OrderStatus,
  type OrderStatusId,
  PaymentStatus,
  type PaymentStatusId,
} from "@nop-stripe/contract/nop-enums.js";
import type { NopOrderId } from "@nop-stripe/contract/nop-ids.js";
import { describe, expect, it } from "vitest";
import {
  canCancelOrder,
  canMarkOrderAsAuthorized,
  canMarkOrderAsPaid,
  canPartiallyRefundOffline,
  canRefundOffline,
  canVoidOffline,
} from "./order-rules.js";

const orderStatuses = Object.values(OrderStatus) as OrderStatusId[];
const paymentStatuses = Object.values(PaymentStatus) as PaymentStatusId[];
const order = (
  orderStatusId: OrderStatusId,
  paymentStatusId: PaymentStatusId,
  orderTotal = "100.00",
  refundedAmount = "0.00",
) => ({
  id: 1 as NopOrderId,
  orderStatusId,
  paymentStatusId,
  orderTotal: orderTotal as DecimalString,
  refundedAmount: refundedAmount as DecimalString,
});
const every = orderStatuses.flatMap((os) => paymentStatuses.map((ps) => [os, ps] as const));

/** Truth tables written from OrderProcessingService 4.90, independently of the implementation. */
describe("nopCommerce Can* rules, every order status x payment status", () => {
  it.each(every)("order %i, payment %i", (os, ps) => {
    const o = order(os, ps);
    const cancelled = os === OrderStatus.Cancelled;
    expect(canCancelOrder(o).ok).toBe(!cancelled);
    expect(canMarkOrderAsAuthorized(o).ok).toBe(!cancelled && ps === PaymentStatus.Pending);
    expect(canMarkOrderAsPaid(o).ok).toBe(
      !cancelled && ps !== PaymentStatus.Paid && ps !== PaymentStatus.Refunded && ps !== PaymentStatus.Voided,
    );
    // Refund and void ignore the order status (nopCommerce leaves that check commented out).
    expect(canRefundOffline(o).ok).toBe(ps === PaymentStatus.Paid);
    expect(canPartiallyRefundOffline(o, "10").ok).toBe(
      ps === PaymentStatus.Paid || ps === PaymentStatus.PartiallyRefunded,
    );
    expect(canVoidOffline(o).ok).toBe(ps === PaymentStatus.Authorized);
  });

  it("limits refunds by amount and total", () => {
    const partly = order(OrderStatus.Processing, PaymentStatus.PartiallyRefunded, "100.00", "60.00");
    expect(canPartiallyRefundOffline(partly, "40").ok).toBe(true);
    expect(canPartiallyRefundOffline(partly, "40.0001")).toMatchObject({
      ok: false,
      rule: "CanPartiallyRefundOffline",
    });
    expect(canRefundOffline(order(OrderStatus.Complete, PaymentStatus.Paid, "100.00", "1.00"))).toMatchObject({
      ok: false,
      rule: "CanRefundOffline",
    });
    const free = order(OrderStatus.Complete, PaymentStatus.Paid, "0.00");
    expect(canRefundOffline(free).ok).toBe(false);
    expect(canPartiallyRefundOffline(free, "0").ok).toBe(false);
    expect(canVoidOffline(order(OrderStatus.Processing, PaymentStatus.Authorized, "0")).ok).toBe(false);
  });
});
