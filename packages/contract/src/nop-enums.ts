import { z } from "zod";

/** nopCommerce 4.90 enums with their exact integer values (Nop.Core.Domain.*). */
export const OrderStatus = { Pending: 10, Processing: 20, Complete: 30, Cancelled: 40 } as const;
export type OrderStatusId = (typeof OrderStatus)[keyof typeof OrderStatus];

export const PaymentStatus = {
  Pending: 10,
  Authorized: 20,
  Paid: 30,
  PartiallyRefunded: 35,
  Refunded: 40,
  Voided: 50,
} as const;
export type PaymentStatusId = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export const ShippingStatus = {
  ShippingNotRequired: 10,
  NotYetShipped: 20,
  PartiallyShipped: 25,
  Shipped: 30,
  Delivered: 40,
} as const;
export type ShippingStatusId = (typeof ShippingStatus)[keyof typeof ShippingStatus];

/** ItemsRefunded is only a label in nopCommerce: setting it moves no money. */
export const ReturnRequestStatus = {
  Pending: 0,
  Received: 10,
  ReturnAuthorized: 20,
  ItemsRepaired: 30,
  ItemsRefunded: 40,
  RequestRejected: 50,
  Cancelled: 60,
} as const;
export type ReturnRequestStatusId = (typeof ReturnRequestStatus)[keyof typeof ReturnRequestStatus];

export const RecurringProductCyclePeriod = { Days: 0, Weeks: 10, Months: 20, Years: 30 } as const;
export type RecurringCyclePeriodId = (typeof RecurringProductCyclePeriod)[keyof typeof RecurringProductCyclePeriod];

/** RecurringPaymentType of the payment method that took the initial order: Manual is billed by nopCommerce itself. */
export const RecurringPaymentType = { NotSupported: 0, Manual: 10, Automatic: 20 } as const;
export type RecurringPaymentTypeId = (typeof RecurringPaymentType)[keyof typeof RecurringPaymentType];

export const ManageInventoryMethod = { DontManageStock: 0, ManageStock: 1, ManageStockByAttributes: 2 } as const;
export type ManageInventoryMethodId = (typeof ManageInventoryMethod)[keyof typeof ManageInventoryMethod];

export const ProductType = { SimpleProduct: 5, GroupedProduct: 10 } as const;
export type ProductTypeId = (typeof ProductType)[keyof typeof ProductType];

/** A zod schema accepting exactly the values of one of the enums above, with a message that lists them. */
function enumIdSchema<T extends Record<string, number>>(name: string, values: T) {
  const allowed = Object.values(values) as T[keyof T][];
  const listed = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return z.custom<T[keyof T]>((v) => typeof v === "number" && (allowed as number[]).includes(v), {
    message: `must be a ${name} value (${listed})`,
  });
}

export const orderStatusIdSchema = enumIdSchema("OrderStatus", OrderStatus);
export const paymentStatusIdSchema = enumIdSchema("PaymentStatus", PaymentStatus);
export const shippingStatusIdSchema = enumIdSchema("ShippingStatus", ShippingStatus);
export const returnRequestStatusIdSchema = enumIdSchema("ReturnRequestStatus", ReturnRequestStatus);
export const recurringCyclePeriodIdSchema = enumIdSchema("RecurringProductCyclePeriod", RecurringProductCyclePeriod);
export const recurringPaymentTypeIdSchema = enumIdSchema("RecurringPaymentType", RecurringPaymentType);
export const manageInventoryMethodIdSchema = enumIdSchema("ManageInventoryMethod", ManageInventoryMethod);
export const productTypeIdSchema = enumIdSchema("ProductType", ProductType);

/** The name of an enum value, for notes and logs (e.g. "Cancelled"). */
export function enumName(values: Record<string, number>, id: number): string {
  return Object.entries(values).find(([, v]) => v === id)?.[0] ?? String(id);
}
