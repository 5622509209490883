import { describe, expect, it } from "vitest";
import { salesOrderMismatch } from "./erp-sales-order-totals.js";

const line = { unitPrice: 1250, quantity: 2, discount: 100, lineTotal: 2400 };
const totals = { subtotal: 2400, shipping: 500, tax: 190, discount: 90, total: 3000 };

describe("the ERP's sales order figures", () => {
  it("accepts figures that add up", () => {
    expect(
      salesOrderMismatch({
        lines: [line, { ...line, discount: undefined, lineTotal: 2500 }],
        totals: { ...totals, subtotal: 4900, total: 5500 },
      }),
    ).toBeUndefined();
  });

  it("names the first figure that does not add up, what the rule gives and what the mapping made", () => {
    expect(salesOrderMismatch({ lines: [{ ...line, lineTotal: 2500 }], totals })).toMatchObject({
      field: "lines[0].lineTotal",
      expected: 2400,
      actual: 2500,
    });
    expect(salesOrderMismatch({ lines: [line], totals: { ...totals, subtotal: 240000 } })).toMatchObject({
      field: "totals.subtotal",
      expected: 2400,
    });
    expect(salesOrderMismatch({ lines: [line], totals: { ...totals, total: 300000 } })).toEqual({
      field: "totals.total",
      expected: 3000,
      actual: 300000,
      rule: "subtotal + shipping + tax - discount",
    });
  });
});
