import { z } from "zod";

/** nopCommerce ids are positive ints (BaseEntity.Id). Brands keep an order id from being passed as a product id. */
const entityId = z.number().int().min(1).max(2_147_483_647);

export const nopOrderIdSchema = entityId.brand<"NopOrderId">();
export const nopOrderItemIdSchema = entityId.brand<"NopOrderItemId">();
export const nopCustomerIdSchema = entityId.brand<"NopCustomerId">();
export const nopProductIdSchema = entityId.brand<"NopProductId">();
export const nopShipmentIdSchema = entityId.brand<"NopShipmentId">();
export const nopReturnRequestIdSchema = entityId.brand<"NopReturnRequestId">();
export const nopRecurringPaymentIdSchema = entityId.brand<"NopRecurringPaymentId">();
/** Ids of rows the bridge only reports (addresses, notes, shipment items, warehouses, combinations). */
export const nopRowIdSchema = entityId;

export type NopOrderId = z.output<typeof nopOrderIdSchema>;
export type NopOrderItemId = z.output<typeof nopOrderItemIdSchema>;
export type NopCustomerId = z.output<typeof nopCustomerIdSchema>;
export type NopProductId = z.output<typeof nopProductIdSchema>;
export type NopShipmentId = z.output<typeof nopShipmentIdSchema>;
export type NopReturnRequestId = z.output<typeof nopReturnRequestIdSchema>;
export type NopRecurringPaymentId = z.output<typeof nopRecurringPaymentIdSchema>;

export const nopOrderId = (id: number): NopOrderId => nopOrderIdSchema.parse(id);
export const nopOrderItemId = (id: number): NopOrderItemId => nopOrderItemIdSchema.parse(id);
export const nopCustomerId = (id: number): NopCustomerId => nopCustomerIdSchema.parse(id);
export const nopProductId = (id: number): NopProductId => nopProductIdSchema.parse(id);
export const nopShipmentId = (id: number): NopShipmentId => nopShipmentIdSchema.parse(id);
export const nopReturnRequestId = (id: number): NopReturnRequestId => nopReturnRequestIdSchema.parse(id);
export const nopRecurringPaymentId = (id: number): NopRecurringPaymentId => nopRecurringPaymentIdSchema.parse(id);
