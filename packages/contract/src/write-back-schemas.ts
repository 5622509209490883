import { z } from "zod";
import { changeOriginSchema } from "./bridge-event-schemas.js";
import { decimalStringSchema } from "./decimal-string.js";
import {
  addressSchema,
  customerSchema,
  orderDetailSchema,
  productSchema,
  recurringPaymentHistorySchema,
  recurringPaymentSchema,
  returnRequestSchema,
  shipmentSchema,
} from "./nop-entities.js";
import { returnRequestStatusIdSchema } from "./nop-enums.js";
import {
  nopCustomerIdSchema,
  nopOrderIdSchema,
  nopOrderItemIdSchema,
  nopProductIdSchema,
  nopRecurringPaymentIdSchema,
  nopReturnRequestIdSchema,
  nopShipmentIdSchema,
} from "./nop-ids.js";

/* Requests and responses of the write-back API (nop-plugin-bridge/contract/schemas/write-back/). */

const text = (max: number) => z.string().min(1).max(max);
const pageRequest = { pageIndex: z.number().int().min(0), pageSize: z.number().int().min(1).max(500) };
const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    pageIndex: z.number().int().min(0),
    pageSize: z.number().int().min(1).max(500),
    totalCount: z.number().int().min(0),
  });

const orderResponse = z.object({ order: orderDetailSchema });
const shipmentResponse = z.object({ shipment: shipmentSchema, order: orderDetailSchema });
const productResponse = z.object({ product: productSchema });
const returnRequestResponse = z.object({ returnRequest: returnRequestSchema });

/** 1.2: a recurring payment with its history (oldest first). */
const recurringPaymentResponse = z.object({
  recurringPayment: recurringPaymentSchema,
  history: z.array(recurringPaymentHistorySchema),
});
const recurringPaymentRequest = { recurringPaymentId: nopRecurringPaymentIdSchema };
const stripeInvoiceId = text(255);

/** An address as updateCustomer writes it: the contract's address without its row id. */
export const addressInputSchema = addressSchema.omit({ id: true });

/** The customer fields Stripe also holds. A field left out is not touched; null clears it (addresses: removes). */
export const customerChangesSchema = z.object({
  email: z.email().max(1000).optional(),
  firstName: z.string().max(1000).nullable().optional(),
  lastName: z.string().max(1000).nullable().optional(),
  phone: z.string().max(1000).nullable().optional(),
  billingAddress: addressInputSchema.nullable().optional(),
  shippingAddress: addressInputSchema.nullable().optional(),
});
export const customerFieldNames = Object.keys(customerChangesSchema.shape) as (keyof CustomerChanges)[];
export type CustomerChanges = z.output<typeof customerChangesSchema>;
export type NopAddressInput = z.output<typeof addressInputSchema>;

export const writeBackSchemas = {
  getOrder: { request: z.object({ orderId: nopOrderIdSchema }), response: orderResponse },
  markOrderAuthorized: {
    request: z.object({ orderId: nopOrderIdSchema, authorizationTransactionId: text(400) }),
    response: orderResponse,
  },
  markOrderPaid: {
    request: z.object({
      orderId: nopOrderIdSchema,
      captureTransactionId: text(400),
      captureTransactionResult: z.string().nullable(),
    }),
    response: orderResponse,
  },
  recordRefund: {
    request: z.object({
      orderId: nopOrderIdSchema,
      kind: z.enum(["full", "partial"]),
      amount: decimalStringSchema,
      refundId: text(200),
    }),
    response: z.object({ order: orderDetailSchema, alreadyApplied: z.boolean() }),
  },
  voidOrder: { request: z.object({ orderId: nopOrderIdSchema }), response: orderResponse },
  cancelOrder: {
    request: z.object({ orderId: nopOrderIdSchema, notifyCustomer: z.boolean() }),
    response: orderResponse,
  },
  addOrderNote: {
    request: z.object({ orderId: nopOrderIdSchema, note: text(4000), displayToCustomer: z.boolean() }),
    response: orderResponse,
  },
  addShipment: {
    request: z.object({
      orderId: nopOrderIdSchema,
      trackingNumber: text(200),
      items: z
        .array(z.object({ orderItemId: nopOrderItemIdSchema, quantity: z.number().int().min(1).max(2_147_483_647) }))
        .min(1)
        .nullable(),
      notifyCustomer: z.boolean(),
    }),
    response: shipmentResponse,
  },
  markShipmentDelivered: {
    request: z.object({ shipmentId: nopShipmentIdSchema, notifyCustomer: z.boolean() }),
    response: shipmentResponse,
  },
  setStockQuantity: {
    request: z.object({
      productId: nopProductIdSchema,
      stockQuantity: z.number().int().min(-2_147_483_648).max(2_147_483_647),
      message: z.string().nullable(),
    }),
    response: productResponse,
  },
  updateProductPrice: {
    request: z.object({
      productId: nopProductIdSchema,
      price: decimalStringSchema,
      oldPrice: decimalStringSchema.nullable(),
    }),
    response: productResponse,
  },
  listProducts: { request: z.object(pageRequest), response: paged(productSchema) },
  getCustomer: {
    request: z.object({ customerId: nopCustomerIdSchema }),
    response: z.object({ customer: customerSchema }),
  },
  listCustomers: {
    request: z.object({ ...pageRequest, registeredOnly: z.boolean() }),
    response: paged(customerSchema),
  },
  getReturnRequest: {
    request: z.object({ returnRequestId: nopReturnRequestIdSchema }),
    response: returnRequestResponse,
  },
  setReturnRequestStatus: {
    request: z.object({
      returnRequestId: nopReturnRequestIdSchema,
      returnRequestStatusId: returnRequestStatusIdSchema,
      staffNotes: z.string().nullable(),
    }),
    response: returnRequestResponse,
  },
  /* 1.2: customers and recurring payments from Stripe. */
  updateCustomer: {
    request: z.object({
      customerId: nopCustomerIdSchema,
      /** The customer's `version` the sidecar last saw; another one now answers 409 CustomerVersionIsCurrent. */
      expectedVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable(),
      /** The Stripe event behind the change; the customer.updated event it raises carries it as its origin. */
      origin: changeOriginSchema.extend({ system: z.literal("stripe"), reference: text(255) }),
      changes: customerChangesSchema,
    }),
    /** changedFields empty: the values were already there, nothing was saved and no event was raised. */
    response: z.object({ customer: customerSchema, changedFields: z.array(z.enum(customerFieldNames)) }),
  },
  getRecurringPayment: { request: z.object(recurringPaymentRequest), response: recurringPaymentResponse },
  /** 1.3: every recurring payment but deleted ones, by start date then id, a page at a time (a backfill), each as getRecurringPayment answers it. */
  listRecurringPayments: { request: z.object(pageRequest), response: paged(recurringPaymentResponse) },
  processNextRecurringPayment: {
    request: z.object({
      ...recurringPaymentRequest,
      /** The paid Stripe invoice: one invoice makes one order, however often it is sent. */
      invoiceId: stripeInvoiceId,
      /** Stored as the new order's CaptureTransactionId (the invoice's PaymentIntent or charge). */
      captureTransactionId: text(400),
    }),
    /** order: the new order, or the initial one when this invoice paid the first cycle (empty history). */
    response: recurringPaymentResponse.extend({ order: orderDetailSchema, alreadyApplied: z.boolean() }),
  },
  markRecurringPaymentFailed: {
    request: z.object({
      ...recurringPaymentRequest,
      invoiceId: stripeInvoiceId,
      /** Stripe's attempt_count: each failed attempt of one invoice is recorded once. */
      attemptCount: z.number().int().min(1).max(1000),
      error: text(4000),
    }),
    /** cancelled: PaymentSettings.CancelRecurringPaymentsAfterFailedPayment cancelled it. */
    response: recurringPaymentResponse.extend({ alreadyApplied: z.boolean(), cancelled: z.boolean() }),
  },
  cancelRecurringPayment: {
    request: z.object({
      ...recurringPaymentRequest,
      origin: changeOriginSchema.extend({ system: z.literal("stripe"), reference: text(255) }),
    }),
    response: recurringPaymentResponse.extend({ alreadyCancelled: z.boolean() }),
  },
} as const;

type Schemas = typeof writeBackSchemas;
export type WriteBackOperation = keyof Schemas;
export type WriteBackRequest<O extends WriteBackOperation> = z.output<Schemas[O]["request"]>;
export type WriteBackResponse<O extends WriteBackOperation> = z.output<Schemas[O]["response"]>;

export const writeBackErrorCodes = [
  "unauthorized",
  "invalid_json",
  "invalid_request",
  "not_found",
  "rule_refused",
  "idempotency_key_reused",
  "unavailable",
  "internal_error",
] as const;
export type WriteBackErrorCode = (typeof writeBackErrorCodes)[number];

/** Every non-2xx answer: `rule` names the nopCommerce check that refused (rule_refused), null otherwise. */
export const writeBackErrorSchema = z.object({
  error: z.object({ code: z.enum(writeBackErrorCodes), rule: z.string().nullable(), message: z.string() }),
});
export type WriteBackErrorBody = z.output<typeof writeBackErrorSchema>;
