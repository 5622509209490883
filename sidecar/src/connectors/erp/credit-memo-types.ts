import { z } from "zod";

/** Integer amount in the currency's minor unit. */
const minor = z.number().int().positive();

/** What a flow sends to credit a sales order (a refund given back). */
export const creditMemoDraftSchema = z.object({
  /** The sales order's id or document number. */
  salesOrder: z.string().min(1),
  /** The caller's reference, e.g. the refund id. */
  externalRef: z.string().min(1),
  currency: z.string(),
  amount: minor,
  reason: z.string().optional(),
});

export const creditMemoSchema = creditMemoDraftSchema.omit({ salesOrder: true }).extend({
  id: z.string(),
  documentNumber: z.string(),
  salesOrderId: z.string(),
  salesOrderNumber: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

export type CreditMemoDraft = z.infer<typeof creditMemoDraftSchema>;
export type ErpCreditMemo = z.infer<typeof creditMemoSchema>;
