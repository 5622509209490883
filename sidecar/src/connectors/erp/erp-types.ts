import { z } from "zod";
import { postalAddressSchema } from "./postal-address-schema.js";

/** Integer amount in the currency's minor unit (cents, yen, fils). */
const minor = z.number().int().nonnegative();

export const erpAddressSchema = postalAddressSchema;

export const salesOrderLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  currency: z.string(),
  unitPrice: minor,
  /** Line discount, already out of lineTotal. */
  discount: minor.optional(),
  /** unitPrice × quantity − discount, excluding tax. */
  lineTotal: minor,
});

/** What the flow sends to create a sales order. subtotal = Σ lineTotal; total = subtotal + shipping + tax − discount. */
export const salesOrderDraftSchema = z.object({
  /** nopCommerce order GUID (or id): one sales order per external reference. */
  externalRef: z.string(),
  customOrderNumber: z.string().optional(),
  /** ISO 8601 date-time with offset. */
  orderDate: z.string(),
  /** ISO 4217. */
  currency: z.string(),
  customer: z.object({ externalId: z.string(), email: z.string(), name: z.string(), company: z.string().optional() }),
  lines: z.array(salesOrderLineSchema),
  totals: z.object({ subtotal: minor, shipping: minor, tax: minor, discount: minor, total: minor }),
  payment: z.object({ provider: z.literal("stripe"), paymentIntentId: z.string(), chargeId: z.string().optional() }),
  billingAddress: erpAddressSchema,
  shippingAddress: erpAddressSchema.optional(),
  notes: z.string().optional(),
});

export const salesOrderSchema = salesOrderDraftSchema.extend({
  id: z.string().min(1),
  /** The ERP's document number, e.g. SO-000123: what finance staff search for. */
  documentNumber: z.string().min(1),
  status: z.string(),
  createdAt: z.string(),
});

export const accountSchema = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(["asset", "liability", "equity", "revenue", "expense"]),
});

export const journalLineSchema = z.object({
  account: z.string(),
  /** Exactly one of debit or credit, a positive integer in minor units. */
  debit: z.number().int().positive().optional(),
  credit: z.number().int().positive().optional(),
  currency: z.string(),
  memo: z.string().optional(),
});

/** Balanced per currency: Σ debit = Σ credit, or the ERP refuses it. */
export const journalEntryDraftSchema = z.object({
  /** Source reference, e.g. a Stripe payout id. */
  reference: z.string(),
  /** ISO 8601 date (YYYY-MM-DD). */
  date: z.string(),
  memo: z.string().optional(),
  lines: z.array(journalLineSchema),
});

export const journalEntrySchema = journalEntryDraftSchema.extend({
  id: z.string().min(1),
  entryNumber: z.string().min(1),
  status: z.string(),
  createdAt: z.string(),
});

export type ErpAddress = z.infer<typeof erpAddressSchema>;
export type SalesOrderLine = z.infer<typeof salesOrderLineSchema>;
export type SalesOrderDraft = z.infer<typeof salesOrderDraftSchema>;
export type ErpSalesOrder = z.infer<typeof salesOrderSchema>;
export type ErpAccount = z.infer<typeof accountSchema>;
export type JournalLine = z.infer<typeof journalLineSchema>;
export type JournalEntryDraft = z.infer<typeof journalEntryDraftSchema>;
export type ErpJournalEntry = z.infer<typeof journalEntrySchema>;
