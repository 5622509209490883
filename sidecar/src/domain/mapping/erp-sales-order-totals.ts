/** The figures of an ERP sales order as the mapping made them (minor units). */
export interface SalesOrderFigures {
  lines: { unitPrice: number; quantity: number; discount?: number | undefined; lineTotal: number }[];
  totals: { subtotal: number; shipping: number; tax: number; discount: number; total: number };
}

/** A figure that does not add up: the field, what the ERP's rule gives, and what the mapping made. */
export interface FigureMismatch {
  field: string;
  expected: number;
  actual: number;
  rule: string;
}

/**
 * The ERP's rules for a sales order's figures (it refuses a document that breaks one), checked before sending
 * so a source in the wrong unit is a mapping error naming the field: line total = unit price x quantity -
 * discount, subtotal = the lines, total = subtotal + shipping + tax - discount.
 */
export function salesOrderMismatch({ lines, totals }: SalesOrderFigures): FigureMismatch | undefined {
  for (const [i, line] of lines.entries()) {
    const expected = line.unitPrice * line.quantity - (line.discount ?? 0);
    if (line.lineTotal !== expected)
      return {
        field: `lines[${i}].lineTotal`,
        expected,
        actual: line.lineTotal,
        rule: "unit price x quantity - discount",
      };
  }
  const lineSum = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  if (totals.subtotal !== lineSum)
    return { field: "totals.subtotal", expected: lineSum, actual: totals.subtotal, rule: "the sum of the lines" };
  const total = lineSum + totals.shipping + totals.tax - totals.discount;
  if (totals.total !== total)
    return {
      field: "totals.total",
      expected: total,
      actual: totals.total,
      rule: "subtotal + shipping + tax - discount",
    };
  return undefined;
}
