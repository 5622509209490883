import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { amountStep } from "../../domain/currencies.js";
import { fromDecimalString, type Money, money } from "../../domain/money.js";
import type { StoreRefundRules } from "../../domain/refund-rules.js";
import type { Result } from "../../domain/result.js";
import { err, ok } from "../../domain/result.js";

/** How a return's refund was computed, in minor units of the order's currency (kept with the refund). */
export interface ReturnRefundBreakdown {
  amount: Money;
  items: Money;
  shipping: Money;
  restockingFee: Money;
  orderItemId: number;
  productId: number;
  quantity: number;
}

/** Half-up to a multiple of the currency's step (KWD amounts end in 0, ISK in 00). */
function roundToStep(numerator: bigint, denominator: bigint, step: number): number {
  const unit = denominator * BigInt(step);
  return Number(((numerator * 2n + unit) / (unit * 2n)) * BigInt(step));
}

/**
 * What a return request gives back: (unit price incl. tax x quantity) minus the item's discount share for that
 * quantity, less the restocking fee by rule, plus the order's shipping when this return brings the last items
 * back and the rule says so. Exact integers in minor units; nothing here is a float.
 * `returnedBefore`: quantity per order item already refunded through earlier returns.
 */
export function returnRefundAmount(
  order: Pick<NopOrder, "items" | "orderShippingInclTax" | "primaryStoreCurrencyCode">,
  request: { orderItemId: number; quantity: number },
  rules: StoreRefundRules,
  returnedBefore: ReadonlyMap<number, number>,
): Result<ReturnRefundBreakdown, string> {
  const currency = order.primaryStoreCurrencyCode;
  const item = order.items.find((i) => i.id === request.orderItemId);
  if (!item) return err(`order item ${request.orderItemId} is not on the order`);
  const left = item.quantity - (returnedBefore.get(item.id) ?? 0);
  if (request.quantity > left)
    return err(`return of ${request.quantity} x item ${item.id}: only ${left} of ${item.quantity} left to refund`);
  const minor = (value: string) => fromDecimalString(value, currency, "half-up");
  const unit = minor(item.unitPriceInclTax);
  const discount = minor(item.discountAmountInclTax);
  const shippingTotal = minor(order.orderShippingInclTax);
  if (!unit.ok || !discount.ok || !shippingTotal.ok)
    return err(`order amounts of item ${item.id} are not in ${currency}`);
  const step = amountStep(unit.value.currency);
  const q = BigInt(request.quantity);
  const discountShare = roundToStep(BigInt(discount.value.amount) * q, BigInt(item.quantity), step);
  const items = unit.value.amount * request.quantity - discountShare;
  const fee = roundToStep(BigInt(items) * BigInt(rules.restockingFeeBasisPoints), 10_000n, step);
  const lastItems = order.items.every(
    (i) => (returnedBefore.get(i.id) ?? 0) + (i.id === item.id ? request.quantity : 0) === i.quantity,
  );
  const shipping = rules.refundShippingOnFullReturn && lastItems ? shippingTotal.value.amount : 0;
  const of = (amount: number) => money(amount, unit.value.currency);
  return ok({
    amount: of(items - fee + shipping),
    items: of(items),
    shipping: of(shipping),
    restockingFee: of(fee),
    orderItemId: item.id,
    productId: item.productId,
    quantity: request.quantity,
  });
}
