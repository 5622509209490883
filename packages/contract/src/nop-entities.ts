import { z } from "zod";
import { decimalStringSchema } from "./decimal-string.js";
import {
  manageInventoryMethodIdSchema,
  orderStatusIdSchema,
  paymentStatusIdSchema,
  productTypeIdSchema,
  recurringCyclePeriodIdSchema,
  recurringPaymentTypeIdSchema,
  returnRequestStatusIdSchema,
  shippingStatusIdSchema,
} from "./nop-enums.js";
import {
  nopCustomerIdSchema,
  nopOrderIdSchema,
  nopOrderItemIdSchema,
  nopProductIdSchema,
  nopRecurringPaymentIdSchema,
  nopReturnRequestIdSchema,
  nopRowIdSchema,
  nopShipmentIdSchema,
} from "./nop-ids.js";

/*
 * The entities of contract 1.x (nop-plugin-bridge/contract/schemas/common.schema.json), one zod schema each.
 * Every listed field is required (null where nopCommerce allows null); unknown fields are stripped, so a minor
 * contract version may add fields without breaking this reader.
 */

const nullableString = z.string().nullable();
export const dateTimeSchema = z.iso.datetime({ offset: true });
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID");
const int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const storeId = z.number().int().min(0).max(2_147_483_647);
const positiveQuantity = z.number().int().min(1).max(2_147_483_647);
const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR");
export const versionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const addressSchema = z.object({
  id: nopRowIdSchema,
  firstName: nullableString,
  lastName: nullableString,
  email: nullableString,
  company: nullableString,
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code")
    .nullable(),
  stateProvinceCode: nullableString,
  county: nullableString,
  city: nullableString,
  address1: nullableString,
  address2: nullableString,
  zipPostalCode: nullableString,
  phoneNumber: nullableString,
});

export const customerSummarySchema = z.object({
  id: nopCustomerIdSchema,
  customerGuid: guid,
  email: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  isGuest: z.boolean(),
  /** 1.2, optional: Customer.CreatedOnUtc; a guest has a row too (created on its first visit). Null: row gone. */
  createdOnUtc: dateTimeSchema.nullable().optional(),
});

export const orderItemSchema = z.object({
  id: nopOrderItemIdSchema,
  orderItemGuid: guid,
  productId: nopProductIdSchema,
  productName: z.string(),
  sku: nullableString,
  quantity: positiveQuantity,
  unitPriceInclTax: decimalStringSchema,
  unitPriceExclTax: decimalStringSchema,
  priceInclTax: decimalStringSchema,
  priceExclTax: decimalStringSchema,
  discountAmountInclTax: decimalStringSchema,
  discountAmountExclTax: decimalStringSchema,
  attributeDescription: nullableString,
  /** 1.3, optional: Product.IsRecurring of the item's product; a recurring item's card is saved for the later cycles. */
  isRecurring: z.boolean().optional(),
});

/** Amounts are in the primary store currency; customerCurrencyCode/currencyRate are the customer's display currency. */
export const orderSchema = z.object({
  id: nopOrderIdSchema,
  orderGuid: guid,
  customOrderNumber: z.string().min(1),
  storeId,
  customerId: nopCustomerIdSchema,
  customer: customerSummarySchema,
  orderStatusId: orderStatusIdSchema,
  paymentStatusId: paymentStatusIdSchema,
  shippingStatusId: shippingStatusIdSchema,
  paymentMethodSystemName: z.string(),
  primaryStoreCurrencyCode: currencyCode,
  customerCurrencyCode: currencyCode,
  currencyRate: decimalStringSchema,
  orderSubtotalInclTax: decimalStringSchema,
  orderSubtotalExclTax: decimalStringSchema,
  orderSubTotalDiscountInclTax: decimalStringSchema,
  orderSubTotalDiscountExclTax: decimalStringSchema,
  orderShippingInclTax: decimalStringSchema,
  orderShippingExclTax: decimalStringSchema,
  paymentMethodAdditionalFeeInclTax: decimalStringSchema,
  paymentMethodAdditionalFeeExclTax: decimalStringSchema,
  orderTax: decimalStringSchema,
  orderDiscount: decimalStringSchema,
  orderTotal: decimalStringSchema,
  refundedAmount: decimalStringSchema,
  authorizationTransactionId: nullableString,
  captureTransactionId: nullableString,
  subscriptionTransactionId: nullableString,
  paidDateUtc: dateTimeSchema.nullable(),
  shippingMethod: nullableString,
  pickupInStore: z.boolean(),
  billingAddress: addressSchema,
  shippingAddress: addressSchema.nullable(),
  items: z.array(orderItemSchema).min(1, "an order has at least one item"),
  createdOnUtc: dateTimeSchema,
  /** 1.2, optional: Order.CustomerIp, the address the order was placed from; null when nopCommerce has none. */
  customerIp: z.union([z.ipv4(), z.ipv6()]).nullable().optional(),
});

export const orderNoteSchema = z.object({
  id: nopRowIdSchema,
  note: z.string(),
  displayToCustomer: z.boolean(),
  createdOnUtc: dateTimeSchema,
});

export const shipmentItemSchema = z.object({
  id: nopRowIdSchema,
  orderItemId: nopOrderItemIdSchema,
  quantity: positiveQuantity,
});

export const shipmentSchema = z.object({
  id: nopShipmentIdSchema,
  orderId: nopOrderIdSchema,
  trackingNumber: nullableString,
  totalWeight: decimalStringSchema.nullable(),
  shippedDateUtc: dateTimeSchema.nullable(),
  deliveryDateUtc: dateTimeSchema.nullable(),
  createdOnUtc: dateTimeSchema,
  items: z.array(shipmentItemSchema),
});

export const orderDetailSchema = orderSchema.extend({
  notes: z.array(orderNoteSchema),
  shipments: z.array(shipmentSchema),
});

export const customerSchema = z.object({
  id: nopCustomerIdSchema,
  customerGuid: guid,
  username: nullableString,
  email: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  company: nullableString,
  phone: nullableString,
  active: z.boolean(),
  customerRoleSystemNames: z.array(z.string()),
  billingAddress: addressSchema.nullable(),
  shippingAddress: addressSchema.nullable(),
  registeredInStoreId: storeId,
  createdOnUtc: dateTimeSchema,
  /**
   * 1.2, in write-back answers only (events carry the same as their own updatedAt and version): when the customer
   * last changed and the version of its latest customer event, what updateCustomer's expectedVersion is compared
   * with. Null before the plugin has sent an event of this customer.
   */
  updatedOnUtc: dateTimeSchema.nullable().optional(),
  version: versionSchema.nullable().optional(),
});

export const productSchema = z.object({
  id: nopProductIdSchema,
  productTypeId: productTypeIdSchema,
  name: z.string(),
  shortDescription: nullableString,
  sku: nullableString,
  gtin: nullableString,
  price: decimalStringSchema,
  oldPrice: decimalStringSchema,
  published: z.boolean(),
  deleted: z.boolean(),
  isShipEnabled: z.boolean(),
  isGiftCard: z.boolean(),
  isDownload: z.boolean(),
  isRecurring: z.boolean(),
  recurringCycleLength: z.number().int().min(0),
  recurringCyclePeriodId: recurringCyclePeriodIdSchema,
  recurringTotalCycles: z.number().int().min(0),
  manageInventoryMethodId: manageInventoryMethodIdSchema,
  stockQuantity: int32,
  createdOnUtc: dateTimeSchema,
  updatedOnUtc: dateTimeSchema,
});

export const returnRequestSchema = z.object({
  id: nopReturnRequestIdSchema,
  customNumber: z.string(),
  storeId,
  orderId: nopOrderIdSchema,
  orderGuid: guid,
  orderItemId: nopOrderItemIdSchema,
  productId: nopProductIdSchema,
  customerId: nopCustomerIdSchema,
  quantity: positiveQuantity,
  returnedQuantity: z.number().int().min(0).max(2_147_483_647),
  reasonForReturn: z.string(),
  requestedAction: z.string(),
  customerComments: nullableString,
  staffNotes: nullableString,
  returnRequestStatusId: returnRequestStatusIdSchema,
  createdOnUtc: dateTimeSchema,
  updatedOnUtc: dateTimeSchema,
});

export const recurringPaymentSchema = z.object({
  id: nopRecurringPaymentIdSchema,
  initialOrderId: nopOrderIdSchema,
  initialOrderGuid: guid,
  customerId: nopCustomerIdSchema,
  cycleLength: z.number().int().min(1),
  cyclePeriodId: recurringCyclePeriodIdSchema,
  totalCycles: z.number().int().min(0),
  startDateUtc: dateTimeSchema,
  isActive: z.boolean(),
  lastPaymentFailed: z.boolean(),
  deleted: z.boolean(),
  createdOnUtc: dateTimeSchema,
  /* 1.2: what a flow needs to mirror the recurring payment without reading the initial order. */
  /** The recurring product of the initial order (the first item whose product is recurring). */
  productId: nopProductIdSchema.nullable().optional(),
  paymentMethodSystemName: z.string().optional(),
  /** RecurringPaymentType of that payment method: Manual ones nopCommerce bills itself. */
  recurringPaymentTypeId: recurringPaymentTypeIdSchema.optional(),
  /** GetNextPaymentDateAsync: null when inactive or every cycle is done. */
  nextPaymentDateUtc: dateTimeSchema.nullable().optional(),
  /** GetCyclesRemainingAsync: totalCycles minus history entries, never below 0 (nopCommerce has no unlimited). */
  cyclesRemaining: z.number().int().min(0).optional(),
});

/** RecurringPaymentHistory: one row per paid cycle, the initial order's included. */
export const recurringPaymentHistorySchema = z.object({
  id: nopRowIdSchema,
  orderId: nopOrderIdSchema,
  createdOnUtc: dateTimeSchema,
});

export const stockChangeSchema = z.object({
  productId: nopProductIdSchema,
  sku: nullableString,
  combinationId: nopRowIdSchema.nullable(),
  warehouseId: nopRowIdSchema.nullable(),
  quantityAdjustment: int32,
  stockQuantity: int32,
  message: nullableString,
});

export type NopAddress = z.output<typeof addressSchema>;
export type NopCustomerSummary = z.output<typeof customerSummarySchema>;
export type NopOrderItem = z.output<typeof orderItemSchema>;
export type NopOrder = z.output<typeof orderSchema>;
export type NopOrderNote = z.output<typeof orderNoteSchema>;
export type NopShipment = z.output<typeof shipmentSchema>;
export type NopOrderDetail = z.output<typeof orderDetailSchema>;
export type NopCustomer = z.output<typeof customerSchema>;
export type NopProduct = z.output<typeof productSchema>;
export type NopReturnRequest = z.output<typeof returnRequestSchema>;
export type NopRecurringPayment = z.output<typeof recurringPaymentSchema>;
export type NopRecurringPaymentHistory = z.output<typeof recurringPaymentHistorySchema>;
export type NopStockChange = z.output<typeof stockChangeSchema>;
