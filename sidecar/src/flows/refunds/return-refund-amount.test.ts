import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { describe, expect, it } from "vitest";
import { defaultRefundRules, parseRefundRules, type StoreRefundRules } from "../../domain/refund-rules.js";
import { returnRefundAmount } from "./return-refund-amount.js";

type Item = NopOrder["items"][number];
const item = (id: number, quantity: number, unitPriceInclTax: string, discountAmountInclTax = "0"): Item =>
  ({ id, productId: id * 10, quantity, unitPriceInclTax, discountAmountInclTax }) as unknown as Item;
const order = (currency: string, items: Item[], shipping = "5.00") =>
  ({ items, orderShippingInclTax: shipping, primaryStoreCurrencyCode: currency }) as NopOrder;
const rules = (changes: Partial<StoreRefundRules> = {}) => ({ ...defaultRefundRules.defaults, ...changes });
const none = new Map<number, number>();

describe("returnRefundAmount", () => {
  it("unit price incl. tax x quantity, less the item's discount share, exactly", () => {
    const o = order("USD", [item(1, 3, "19.99", "1.00"), item(2, 1, "5.00")]);
    const r = returnRefundAmount(o, { orderItemId: 1, quantity: 2 }, rules(), none);
    // 2 x 19.99 = 39.98, discount share 2/3 of 1.00 = 0.6667 -> 0.67
    expect(r).toMatchObject({
      ok: true,
      value: { amount: { amount: 3931, currency: "usd" }, shipping: { amount: 0 } },
    });
  });

  it("refunds shipping with the last items back, by rule", () => {
    const o = order("USD", [item(1, 2, "10.00")]);
    const first = returnRefundAmount(o, { orderItemId: 1, quantity: 1 }, rules(), none);
    expect(first.ok && first.value.amount.amount).toBe(1000);
    const last = returnRefundAmount(o, { orderItemId: 1, quantity: 1 }, rules(), new Map([[1, 1]]));
    expect(last.ok && last.value.amount.amount).toBe(1500);
    const noShipping = returnRefundAmount(
      o,
      { orderItemId: 1, quantity: 2 },
      rules({ refundShippingOnFullReturn: false }),
      none,
    );
    expect(noShipping.ok && noShipping.value.amount.amount).toBe(2000);
  });

  it("keeps a restocking fee by rule, in the currency's steps (JPY whole yen, KWD ending in 0)", () => {
    const jpy = returnRefundAmount(
      order("JPY", [item(1, 2, "1999")], "0"),
      { orderItemId: 1, quantity: 1 },
      rules({ restockingFeeBasisPoints: 1500 }),
      none,
    );
    expect(jpy).toMatchObject({
      ok: true,
      value: { items: { amount: 1999 }, restockingFee: { amount: 300 }, amount: { amount: 1699, currency: "jpy" } },
    });
    const kwd = returnRefundAmount(
      order("KWD", [item(1, 3, "12.340")], "0"),
      { orderItemId: 1, quantity: 1 },
      rules({ restockingFeeBasisPoints: 1000 }),
      none,
    );
    expect(kwd).toMatchObject({
      ok: true,
      value: { items: { amount: 12340 }, restockingFee: { amount: 1230 }, amount: { amount: 11110 } },
    });
  });

  it("refuses an unknown item or more than is left to return", () => {
    const o = order("EUR", [item(1, 1, "3.00")]);
    expect(returnRefundAmount(o, { orderItemId: 9, quantity: 1 }, rules(), none).ok).toBe(false);
    expect(returnRefundAmount(o, { orderItemId: 1, quantity: 1 }, rules(), new Map([[1, 1]]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/only 0 of 1 left/),
    });
  });
});

describe("refund rules", () => {
  it("are validated at start-up, naming the path", () => {
    expect(() =>
      parseRefundRules({
        ...defaultRefundRules,
        defaults: { ...defaultRefundRules.defaults, approvedStatus: "Pending" },
      }),
    ).toThrow(/invalid refund rules at defaults\.approvedStatus/);
    expect(
      parseRefundRules({ ...defaultRefundRules, stores: { "2": { approvedStatus: "Received" } } }).stores["2"],
    ).toEqual({
      approvedStatus: "Received",
    });
  });
});
