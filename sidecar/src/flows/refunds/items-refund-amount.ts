import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { CreditMemoLine } from "../../connectors/erp/credit-memo-types.js";
import { type Money, money } from "../../domain/money.js";
import type { Result } from "../../domain/result.js";
import { err, ok } from "../../domain/result.js";
import { type RefundLine, type ReturnRefundBreakdown, refundLine, shippingOf } from "./return-refund-amount.js";

/** How a refund of chosen items (GraphQL's `refund` with `items`) was computed, kept with the refund. */
export interface ItemsRefundBreakdown {
  amount: Money;
  items: Money;
  shipping: Money;
  lines: RefundLine[];
}

export type RefundBreakdown = ReturnRefundBreakdown | ItemsRefundBreakdown;

/** A return's breakdown (one item, maybe a restock) rather than chosen items. */
export const isReturnBreakdown = (b: RefundBreakdown): b is ReturnRefundBreakdown => !("lines" in b);

/** The order items a refund gives back, whichever way it was computed. */
export function refundedLines(b: RefundBreakdown): RefundLine[] {
  return isReturnBreakdown(b)
    ? [
        {
          orderItemId: b.orderItemId,
          productId: b.productId,
          sku: b.sku ?? null,
          quantity: b.quantity,
          amount: b.items,
        },
      ]
    : b.lines;
}

/**
 * The item lines of a refund's ERP credit memo: the order items given back (SKU, else the product id, as the sales
 * order's lines name them), each at what it refunds: a return's restocking fee comes off its line, so the lines add
 * up to the memo's amount less the shipping refunded.
 */
export function creditMemoLines(b: RefundBreakdown): CreditMemoLine[] {
  const fee = isReturnBreakdown(b) ? b.restockingFee.amount : 0;
  return refundedLines(b).map((l) => ({
    orderItemId: l.orderItemId,
    sku: l.sku?.trim() || String(l.productId),
    quantity: l.quantity,
    amount: l.amount.amount - fee,
  }));
}

/**
 * A refund of chosen items, computed exactly as a return's (`refundLine`: unit price incl. tax minus the item's
 * discount share, x quantity), no restocking fee, the order's shipping only when asked and not refunded before.
 * Refused when an item is not on the order, listed twice, or more than was ordered less what was refunded by item.
 */
export function itemsRefundAmount(
  order: Pick<NopOrder, "items" | "orderShippingInclTax" | "primaryStoreCurrencyCode">,
  requested: readonly { orderItemId: number; quantity: number }[],
  refundShipping: { asked: boolean; refundedBefore: boolean },
  refundedBefore: ReadonlyMap<number, number>,
): Result<ItemsRefundBreakdown, string> {
  if (requested.length === 0) return err("items must name at least one order item");
  const lines: RefundLine[] = [];
  for (const request of requested) {
    if (lines.some((l) => l.orderItemId === request.orderItemId))
      return err(`order item ${request.orderItemId} is listed twice`);
    const line = refundLine(order, request, refundedBefore);
    if (!line.ok) return line;
    lines.push(line.value);
  }
  const currency = lines[0]!.amount.currency;
  const items = lines.reduce((sum, l) => sum + l.amount.amount, 0);
  let shipping = 0;
  if (refundShipping.asked) {
    if (refundShipping.refundedBefore) return err("the order's shipping was refunded before");
    const total = shippingOf(order);
    if (!total.ok) return total;
    shipping = total.value.amount;
  }
  return ok({
    amount: money(items + shipping, currency),
    items: money(items, currency),
    shipping: money(shipping, currency),
    lines,
  });
}
