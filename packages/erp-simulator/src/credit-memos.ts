import { randomUUID } from "node:crypto";
import { ApiError } from "@nop-stripe/simulator-support/api-error.js";
import { documentNumbers } from "@nop-stripe/simulator-support/sequence.js";
import type { CreditMemo, CreditMemoRequest } from "./credit-memo-schema.js";
import type { SalesOrder } from "./sales-order-schema.js";

/**
 * Credit memos against sales orders, as an ERP keeps them: in the sales order's currency, and never more in total
 * than the sales order's total (a memo that would exceed what is left is refused, naming what is left).
 */
export class CreditMemos {
  private readonly memos: CreditMemo[] = [];
  private nextNumber = documentNumbers("CM");

  constructor(private readonly salesOrder: (idOrNumber: string) => SalesOrder | undefined) {}

  create(request: CreditMemoRequest): CreditMemo {
    const order = this.salesOrder(request.salesOrder);
    if (!order) throw new ApiError(404, "not_found", `no sales order ${request.salesOrder}`, "salesOrder");
    if (request.currency !== order.currency)
      throw new ApiError(
        422,
        "currency_mismatch",
        `sales order ${order.documentNumber} is in ${order.currency}, the memo in ${request.currency}`,
        "currency",
      );
    const credited = this.forSalesOrder(order.id).reduce((sum, m) => sum + m.amount, 0);
    const left = order.totals.total - credited;
    if (request.amount > left)
      throw new ApiError(
        422,
        "exceeds_sales_order",
        `credit memo of ${request.amount} exceeds what is left to credit on ${order.documentNumber}: ${left} of ${order.totals.total} (${order.currency} minor units)`,
        "amount",
        { left, total: order.totals.total, credited },
      );
    checkLines(request, order);
    const { salesOrder: _, ...rest } = request;
    const memo: CreditMemo = {
      ...rest,
      id: randomUUID(),
      documentNumber: this.nextNumber(),
      salesOrderId: order.id,
      salesOrderNumber: order.documentNumber,
      status: "posted",
      createdAt: new Date().toISOString(),
    };
    this.memos.push(memo);
    return memo;
  }

  /** By sales order (id or document number) and/or the caller's externalRef; all without either. */
  find(filter: { salesOrder?: string; externalRef?: string }): CreditMemo[] {
    const order = filter.salesOrder === undefined ? undefined : this.salesOrder(filter.salesOrder);
    if (filter.salesOrder !== undefined && !order) return [];
    return this.memos.filter(
      (m) =>
        (order === undefined || m.salesOrderId === order.id) &&
        (filter.externalRef === undefined || m.externalRef === filter.externalRef),
    );
  }

  private forSalesOrder(salesOrderId: string): CreditMemo[] {
    return this.memos.filter((m) => m.salesOrderId === salesOrderId);
  }

  reset(): void {
    this.memos.length = 0;
    this.nextNumber = documentNumbers("CM");
  }
}

/** A memo's item lines must be the sales order's SKUs, no more of each than was sold, and within the memo's amount. */
function checkLines(request: CreditMemoRequest, order: SalesOrder): void {
  if (!request.lines) return;
  for (const [i, line] of request.lines.entries()) {
    const sold = order.lines.filter((l) => l.sku === line.sku).reduce((sum, l) => sum + l.quantity, 0);
    if (sold === 0)
      throw new ApiError(422, "unknown_line", `${line.sku} is not on ${order.documentNumber}`, `lines[${i}].sku`);
    if (line.quantity > sold)
      throw new ApiError(
        422,
        "exceeds_line",
        `${line.quantity} x ${line.sku} exceeds the ${sold} sold on ${order.documentNumber}`,
        `lines[${i}].quantity`,
      );
  }
  const itemized = request.lines.reduce((sum, l) => sum + l.amount, 0);
  if (itemized > request.amount)
    throw new ApiError(
      422,
      "lines_exceed_amount",
      `the lines come to ${itemized}, more than the memo's ${request.amount}`,
      "lines",
    );
}
