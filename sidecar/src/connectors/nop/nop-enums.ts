import { z } from "zod";
import {
  ManageInventoryMethod,
  OrderStatus,
  PaymentStatus,
  ProductType,
  RecurringProductCyclePeriod,
  ReturnRequestStatus,
  ShippingStatus,
} from "../../domain/nop-statuses.js";

/** The statuses are domain vocabulary (domain/nop-statuses.ts); here are their wire schemas. */
export * from "../../domain/nop-statuses.js";

/** A zod schema accepting exactly the values of one of nopCommerce's statuses, with a message that lists them. */
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
export const manageInventoryMethodIdSchema = enumIdSchema("ManageInventoryMethod", ManageInventoryMethod);
export const productTypeIdSchema = enumIdSchema("ProductType", ProductType);
