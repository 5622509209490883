import { ApiError } from "@nop-stripe/simulator-support/api-error.js";
import type { SalesOrderRequest } from "./sales-order-schema.js";

const mismatch = (field: string, expected: number, actual: number, rule: string) =>
  new ApiError(422, "totals_mismatch", `${field} is ${actual} but ${rule} gives ${expected}`, field, {
    expected,
    actual,
    difference: actual - expected,
  });

/** An ERP refuses documents whose figures do not add up; the first wrong field is named. */
export function checkSalesOrderTotals(order: SalesOrderRequest): void {
  order.lines.forEach((line, i) => {
    if (line.currency !== order.currency)
      throw new ApiError(
        422,
        "currency_mismatch",
        `line currency ${line.currency} differs from order currency ${order.currency}`,
        `lines[${i}].currency`,
      );
    const expected = line.unitPrice * line.quantity - line.discount;
    if (line.lineTotal !== expected)
      throw mismatch(`lines[${i}].lineTotal`, expected, line.lineTotal, "unitPrice × quantity − discount");
  });
  const { subtotal, shipping, tax, discount, total } = order.totals;
  const lineSum = order.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  if (subtotal !== lineSum) throw mismatch("totals.subtotal", lineSum, subtotal, "the sum of line totals");
  const expectedTotal = lineSum + shipping + tax - discount;
  if (total !== expectedTotal)
    throw mismatch("totals.total", expectedTotal, total, "lines + shipping + tax − discount");
}
