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
  /** The item's SKU (absent on returns computed before SKUs were kept). */
  sku?: string | null;
  quantity: number;
}

/** Half-up to a multiple of the currency's step (KWD amounts end in 0, ISK in 00). */
function roundToStep(numerator: bigint, denominator: bigint, step: number): number {
  const unit = denominator * BigInt(step);
  return Number(((numerator * 2n + unit) / (unit * 2n)) * BigInt(step));
}

type RefundableOrder = Pick<NopOrder, "items" | "orderShippingInclTax" | "primaryStoreCurrencyCode">;

/** One order item given back: its quantity and what it is worth (unit price incl. tax x quantity, less its discount share). */
export interface RefundLine {
  orderItemId: number;
  productId: number;
  sku: string | null;
  quantity: number;
  amount: Money;
}

/**
 * An order item's refund for a quantity: (unit price incl. tax x quantity) minus the item's discount share for that
 * quantity, half-up to the currency's step; refused when the quantity exceeds what was ordered less what was
 * refunded before (`refundedBefore`: quantity per order item already refunded).
 */
export function refundLine(
  order: RefundableOrder,
  request: { orderItemId: number; quantity: number },
  refundedBefore: ReadonlyMap<number, number>,
): Result<RefundLine, string> {
  const currency = order.primaryStoreCurrencyCode;
  const item = order.items.find((i) => i.id === request.orderItemId);
  if (!item) return err(`order item ${request.orderItemId} is not on the order`);
  if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0)
    return err(`quantity of item ${item.id} must be a whole number above zero`);
  const left = item.quantity - (refundedBefore.get(item.id) ?? 0);
  if (request.quantity > left)
    return err(`refund of ${request.quantity} x item ${item.id}: only ${left} of ${item.quantity} left to refund`);
  const unit = fromDecimalString(item.unitPriceInclTax, currency, "half-up");
  const discount = fromDecimalString(item.discountAmountInclTax, currency, "half-up");
  if (!unit.ok || !discount.ok) return err(`order amounts of item ${item.id} are not in ${currency}`);
  const step = amountStep(unit.value.currency);
  const discountShare = roundToStep(
    BigInt(discount.value.amount) * BigInt(request.quantity),
    BigInt(item.quantity),
    step,
  );
  return ok({
    orderItemId: item.id,
    productId: item.productId,
    sku: item.sku,
    quantity: request.quantity,
    amount: money(unit.value.amount * request.quantity - discountShare, unit.value.currency),
  });
}

/** The order's shipping incl. tax, in minor units. */
export function shippingOf(order: RefundableOrder): Result<Money, string> {
  const shipping = fromDecimalString(order.orderShippingInclTax, order.primaryStoreCurrencyCode, "half-up");
  return shipping.ok ? shipping : err(`the order's shipping is not in ${order.primaryStoreCurrencyCode}`);
}

/**
 * What a return request gives back: its item's refund line, less the restocking fee by rule, plus the order's
 * shipping when this return brings the last items back and the rule says so. Exact integers in minor units;
 * nothing here is a float. `returnedBefore`: quantity per order item already refunded.
 */
export function returnRefundAmount(
  order: RefundableOrder,
  request: { orderItemId: number; quantity: number },
  rules: StoreRefundRules,
  returnedBefore: ReadonlyMap<number, number>,
): Result<ReturnRefundBreakdown, string> {
  const line = refundLine(order, request, returnedBefore);
  if (!line.ok) return line;
  const shippingTotal = shippingOf(order);
  if (!shippingTotal.ok) return shippingTotal;
  const { currency } = line.value.amount;
  const items = line.value.amount.amount;
  const fee = roundToStep(BigInt(items) * BigInt(rules.restockingFeeBasisPoints), 10_000n, amountStep(currency));
  const lastItems = order.items.every(
    (i) => (returnedBefore.get(i.id) ?? 0) + (i.id === request.orderItemId ? request.quantity : 0) === i.quantity,
  );
  const shipping = rules.refundShippingOnFullReturn && lastItems ? shippingTotal.value.amount : 0;
  const of = (amount: number) => money(amount, currency);
  return ok({
    amount: of(items - fee + shipping),
    items: of(items),
    shipping: of(shipping),
    restockingFee: of(fee),
    orderItemId: line.value.orderItemId,
    productId: line.value.productId,
    sku: line.value.sku,
    quantity: request.quantity,
  });
}
