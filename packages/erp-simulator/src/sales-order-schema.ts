import { addressSchema, currencyCode, minorUnits } from "@nop-stripe/simulator-support/address-schema.js";
import { z } from "zod";

const lineSchema = z.object({
  sku: z.string().min(1),
  name: z.string().min(1),
  quantity: z.number().int().positive(),
  currency: currencyCode,
  unitPrice: minorUnits,
  /** Discount on this line, already out of lineTotal. */
  discount: minorUnits.default(0),
  /** unitPrice × quantity − discount, excluding tax. */
  lineTotal: minorUnits,
});

/** What the ERP accepts on POST /sales-orders. Amounts are integers in the currency's minor unit. */
export const salesOrderRequestSchema = z.object({
  /** The shop's order reference (nopCommerce order GUID or id); unique per sales order. */
  externalRef: z.string().min(1),
  customOrderNumber: z.string().optional(),
  orderDate: z.iso.datetime({ offset: true }),
  currency: currencyCode,
  customer: z.object({
    externalId: z.string().min(1),
    email: z.email(),
    name: z.string().min(1),
    company: z.string().optional(),
  }),
  lines: z.array(lineSchema).min(1),
  totals: z.object({
    /** Sum of line totals. */
    subtotal: minorUnits,
    shipping: minorUnits,
    tax: minorUnits,
    /** Order-level discount. */
    discount: minorUnits,
    /** subtotal + shipping + tax − discount. */
    total: minorUnits,
  }),
  payment: z.object({
    provider: z.literal("stripe"),
    paymentIntentId: z.string().min(1),
    chargeId: z.string().min(1).optional(),
  }),
  billingAddress: addressSchema,
  shippingAddress: addressSchema.optional(),
  notes: z.string().optional(),
});

export type SalesOrderRequest = z.output<typeof salesOrderRequestSchema>;

export interface SalesOrder extends SalesOrderRequest {
  id: string;
  documentNumber: string;
  status: "open";
  createdAt: string;
}
