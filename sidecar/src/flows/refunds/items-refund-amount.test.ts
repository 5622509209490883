import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { describe, expect, it } from "vitest";
import { defaultRefundRules } from "../../domain/refund-rules.js";
import { creditMemoLines, itemsRefundAmount, refundedLines } from "./items-refund-amount.js";
import { returnRefundAmount } from "./return-refund-amount.js";

type Item = NopOrder["items"][number];
const item = (id: number, quantity: number, unitPriceInclTax: string, discountAmountInclTax = "0"): Item =>
  ({ id, productId: id * 10, sku: `SKU-${id}`, quantity, unitPriceInclTax, discountAmountInclTax }) as unknown as Item;
const order = (currency: string, items: Item[], shipping = "5.00") =>
  ({ items, orderShippingInclTax: shipping, primaryStoreCurrencyCode: currency }) as NopOrder;
const none = new Map<number, number>();
const noShipping = { asked: false, refundedBefore: false };

describe("itemsRefundAmount", () => {
  const o = order("USD", [item(1, 3, "19.99", "1.00"), item(2, 2, "5.00")]);

  it("each item exactly as a return computes it, summed; no shipping unless asked", () => {
    const r = itemsRefundAmount(
      o,
      [
        { orderItemId: 1, quantity: 2 },
        { orderItemId: 2, quantity: 1 },
      ],
      noShipping,
      none,
    );
    const asReturn = returnRefundAmount(o, { orderItemId: 1, quantity: 2 }, defaultRefundRules.defaults, none);
    expect(asReturn.ok && asReturn.value.items.amount).toBe(3931);
    expect(r).toMatchObject({
      ok: true,
      value: {
        amount: { amount: 3931 + 500, currency: "usd" },
        shipping: { amount: 0 },
        lines: [
          { orderItemId: 1, productId: 10, sku: "SKU-1", quantity: 2, amount: { amount: 3931 } },
          { orderItemId: 2, productId: 20, sku: "SKU-2", quantity: 1, amount: { amount: 500 } },
        ],
      },
    });
    if (r.ok) expect(refundedLines(r.value).map((l) => l.quantity)).toEqual([2, 1]);
  });

  it("adds the order's shipping when asked, once", () => {
    const items = [{ orderItemId: 2, quantity: 2 }];
    const r = itemsRefundAmount(o, items, { asked: true, refundedBefore: false }, none);
    expect(r.ok && r.value.amount.amount).toBe(1500);
    expect(itemsRefundAmount(o, items, { asked: true, refundedBefore: true }, none)).toEqual({
      ok: false,
      error: "the order's shipping was refunded before",
    });
  });

  it("refuses more than was ordered less what was refunded by item, an unknown item, one listed twice, none", () => {
    expect(itemsRefundAmount(o, [{ orderItemId: 1, quantity: 2 }], noShipping, new Map([[1, 2]]))).toEqual({
      ok: false,
      error: "refund of 2 x item 1: only 1 of 3 left to refund",
    });
    expect(itemsRefundAmount(o, [{ orderItemId: 9, quantity: 1 }], noShipping, none)).toEqual({
      ok: false,
      error: "order item 9 is not on the order",
    });
    const twice = [
      { orderItemId: 2, quantity: 1 },
      { orderItemId: 2, quantity: 1 },
    ];
    expect(itemsRefundAmount(o, twice, noShipping, none)).toEqual({ ok: false, error: "order item 2 is listed twice" });
    expect(itemsRefundAmount(o, [{ orderItemId: 2, quantity: 0 }], noShipping, none).ok).toBe(false);
    expect(itemsRefundAmount(o, [], noShipping, none).ok).toBe(false);
  });

  it("JPY in whole yen", () => {
    const jpy = order("JPY", [item(1, 3, "1000", "100")], "500");
    const r = itemsRefundAmount(jpy, [{ orderItemId: 1, quantity: 1 }], noShipping, none);
    expect(r.ok && r.value.amount).toEqual({ amount: 967, currency: "jpy" });
  });
});

describe("creditMemoLines", () => {
  it("item lines that add up to the memo less shipping: a return's restocking fee comes off its line", () => {
    const o = order("USD", [item(1, 2, "10.00"), item(2, 1, "5.00")]);
    const rules = { ...defaultRefundRules.defaults, restockingFeeBasisPoints: 1500 };
    const returned = returnRefundAmount(o, { orderItemId: 1, quantity: 1 }, rules, none);
    if (!returned.ok) throw new Error(returned.error);
    expect(creditMemoLines(returned.value)).toEqual([{ orderItemId: 1, sku: "SKU-1", quantity: 1, amount: 850 }]);
    expect(returned.value.amount.amount).toBe(850);
    const chosen = itemsRefundAmount(
      o,
      [{ orderItemId: 2, quantity: 1 }],
      { asked: true, refundedBefore: false },
      none,
    );
    if (!chosen.ok) throw new Error(chosen.error);
    expect(creditMemoLines(chosen.value)).toEqual([{ orderItemId: 2, sku: "SKU-2", quantity: 1, amount: 500 }]);
    expect(chosen.value.amount.amount).toBe(1000);
  });
});
