// nopCommerce's statuses with their exact integer values (Nop.Core.Domain.*): vocabulary the rules and the
// flows speak, so they live in the domain; the bridge's wire schemas (connectors/nop/nop-enums.ts) check them.

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

export const ManageInventoryMethod = { DontManageStock: 0, ManageStock: 1, ManageStockByAttributes: 2 } as const;
export type ManageInventoryMethodId = (typeof ManageInventoryMethod)[keyof typeof ManageInventoryMethod];

export const ProductType = { SimpleProduct: 5, GroupedProduct: 10 } as const;
export type ProductTypeId = (typeof ProductType)[keyof typeof ProductType];

/** The name of an enum value, for notes and logs (e.g. "Cancelled"). */
export function enumName(values: Record<string, number>, id: number): string {
  return Object.entries(values).find(([, v]) => v === id)?.[0] ?? String(id);
}
