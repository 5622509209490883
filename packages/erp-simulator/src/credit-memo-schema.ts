import { currencyCode, minorUnits } from "@nop-stripe/simulator-support/address-schema.js";
import { z } from "zod";

/** What the ERP accepts on POST /credit-memos: money given back against one sales order, in minor units. */
export const creditMemoRequestSchema = z.object({
  /** The sales order credited: its id or document number. */
  salesOrder: z.string().min(1),
  /** The caller's reference (a refund id); memos can be looked up by it. */
  externalRef: z.string().min(1),
  currency: currencyCode,
  amount: minorUnits.refine((n) => n > 0, "must be greater than zero"),
  reason: z.string().max(500).optional(),
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
