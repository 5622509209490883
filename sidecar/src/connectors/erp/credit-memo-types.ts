import { z } from "zod";

/** Integer amount in the currency's minor unit. */
const minor = z.number().int().positive();

/** One item a credit memo gives back: the order item, its SKU on the sales order, quantity, what it refunds. */
export const creditMemoLineSchema = z.object({
  orderItemId: z.number().int().positive(),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  amount: z.number().int().nonnegative(),
});

/** What a flow sends to credit a sales order (a refund given back). */
export const creditMemoDraftSchema = z.object({
  /** The sales order's id or document number. */
  salesOrder: z.string().min(1),
  /** The caller's reference, e.g. the refund id. */
  externalRef: z.string().min(1),
  currency: z.string(),
  amount: minor,
  reason: z.string().optional(),
  /** The items given back (their amounts at most the memo's; the rest is shipping less any restocking fee). */
  lines: z.array(creditMemoLineSchema).optional(),
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
export type CreditMemoLine = z.infer<typeof creditMemoLineSchema>;
export type ErpCreditMemo = z.infer<typeof creditMemoSchema>;
