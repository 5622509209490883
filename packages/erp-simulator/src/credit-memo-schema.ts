import { currencyCode, minorUnits } from "@nop-stripe/simulator-support/address-schema.js";
import { z } from "zod";

/** One item a memo gives back: a SKU of the sales order's lines, at most its quantity, what it refunds. */
const creditMemoLineSchema = z.object({
  orderItemId: z.number().int().positive().optional(),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  amount: minorUnits,
});

/** What the ERP accepts on POST /credit-memos: money given back against one sales order, in minor units. */
export const creditMemoRequestSchema = z.object({
  /** The sales order credited: its id or document number. */
  salesOrder: z.string().min(1),
  /** The caller's reference (a refund id); memos can be looked up by it. */
  externalRef: z.string().min(1),
  currency: currencyCode,
  amount: minorUnits.refine((n) => n > 0, "must be greater than zero"),
  reason: z.string().max(500).optional(),
  /** The items given back; their amounts add up to at most the memo's (the rest: shipping, less any fee). */
  lines: z.array(creditMemoLineSchema).max(500).optional(),
});

export type CreditMemoRequest = z.output<typeof creditMemoRequestSchema>;

export interface CreditMemo extends Omit<CreditMemoRequest, "salesOrder"> {
  id: string;
  documentNumber: string;
  salesOrderId: string;
  salesOrderNumber: string;
  status: "posted";
  createdAt: string;
}
