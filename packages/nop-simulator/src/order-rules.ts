import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { enumName, OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { toFixed } from "./sim-decimal.js";

/**
 * nopCommerce 4.90's OrderProcessingService checks, rule for rule, each answering why when it refuses. The rule
 * name travels to the sidecar in the error body, so a flow can tell "already paid" from "cancelled".
 */
export type RuleCheck = { ok: true } | { ok: false; rule: string; message: string };

type OrderState = Pick<NopOrder, "id" | "orderStatusId" | "paymentStatusId" | "orderTotal" | "refundedAmount">;

const pass: RuleCheck = { ok: true };
const refuse = (rule: string, message: string): RuleCheck => ({ ok: false, rule, message });

const paymentStatusName = (o: OrderState) => enumName(PaymentStatus, o.paymentStatusId);

export function canCancelOrder(order: OrderState): RuleCheck {
  if (order.orderStatusId === OrderStatus.Cancelled)
    return refuse("CanCancelOrder", `order ${order.id} is already Cancelled`);
  return pass;
}

export function canMarkOrderAsAuthorized(order: OrderState): RuleCheck {
  const rule = "CanMarkOrderAsAuthorized";
  if (order.orderStatusId === OrderStatus.Cancelled) return refuse(rule, `order ${order.id} is Cancelled`);
  if (order.paymentStatusId !== PaymentStatus.Pending)
    return refuse(
      rule,
      `order ${order.id} payment status is ${paymentStatusName(order)}; only Pending can be authorized`,
    );
  return pass;
}

export function canMarkOrderAsPaid(order: OrderState): RuleCheck {
  const rule = "CanMarkOrderAsPaid";
  if (order.orderStatusId === OrderStatus.Cancelled) return refuse(rule, `order ${order.id} is Cancelled`);
  const blocked: number[] = [PaymentStatus.Paid, PaymentStatus.Refunded, PaymentStatus.Voided];
  if (blocked.includes(order.paymentStatusId))
    return refuse(rule, `order ${order.id} payment status is already ${paymentStatusName(order)}`);
  return pass;
}

/** Full refund: only a Paid order with nothing refunded yet (after a partial refund only partial ones remain). */
export function canRefundOffline(order: OrderState): RuleCheck {
  const rule = "CanRefundOffline";
  if (toFixed(order.orderTotal) === 0n) return refuse(rule, `order ${order.id} total is zero`);
  if (toFixed(order.refundedAmount) > 0n)
    return refuse(rule, `order ${order.id} already has ${order.refundedAmount} refunded; only partial refunds remain`);
  if (order.paymentStatusId !== PaymentStatus.Paid)
    return refuse(rule, `order ${order.id} payment status is ${paymentStatusName(order)}; a full refund needs Paid`);
  return pass;
}

export function canPartiallyRefundOffline(order: OrderState, amountToRefund: string): RuleCheck {
  const rule = "CanPartiallyRefundOffline";
  const total = toFixed(order.orderTotal);
  if (total === 0n) return refuse(rule, `order ${order.id} total is zero`);
  const canBeRefunded = total - toFixed(order.refundedAmount);
  if (canBeRefunded <= 0n) return refuse(rule, `order ${order.id} is fully refunded`);
  if (toFixed(amountToRefund) > canBeRefunded)
    return refuse(rule, `amount ${amountToRefund} exceeds what is left to refund on order ${order.id}`);
  if (order.paymentStatusId !== PaymentStatus.Paid && order.paymentStatusId !== PaymentStatus.PartiallyRefunded)
    return refuse(
      rule,
      `order ${order.id} payment status is ${paymentStatusName(order)}; needs Paid or PartiallyRefunded`,
    );
  return pass;
}

export function canVoidOffline(order: OrderState): RuleCheck {
  const rule = "CanVoidOffline";
  if (toFixed(order.orderTotal) === 0n) return refuse(rule, `order ${order.id} total is zero`);
  if (order.paymentStatusId !== PaymentStatus.Authorized)
    return refuse(
      rule,
      `order ${order.id} payment status is ${paymentStatusName(order)}; only Authorized can be voided`,
    );
  return pass;
}
