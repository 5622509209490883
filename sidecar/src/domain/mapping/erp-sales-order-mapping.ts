import { type MappingSpec, parseMappingSpec } from "./mapping-spec.js";

/**
 * nopCommerce order + Stripe payment -> ERP sales order, version 1. Source scope: { order, payment } where
 * order is the contract's order entity and payment is { paymentIntentId, chargeId }. Amounts are excl. tax
 * per line; totals follow the ERP's rule total = subtotal + shipping + tax - discount.
 */
export const erpSalesOrderMappingV1: MappingSpec = parseMappingSpec({
  name: "erp-sales-order",
  version: 1,
  fields: {
    externalRef: { from: "order.orderGuid", transform: ["lower"] },
    customOrderNumber: { from: "order.customOrderNumber", transform: ["trim"], optional: true },
    orderDate: { from: "order.createdOnUtc", transform: ["iso-datetime"] },
    currency: { from: "order.primaryStoreCurrencyCode", transform: ["currency"] },
    customer: {
      object: {
        externalId: { from: "order.customerId", transform: ["string"] },
        email: { from: "order.customer.email", orElse: "order.billingAddress.email", transform: ["lower"] },
        name: {
          from: ["order.billingAddress.firstName", "order.billingAddress.lastName"],
          orElse: "order.billingAddress.company",
          transform: ["person-name"],
        },
        company: { from: "order.billingAddress.company", transform: ["trim"], optional: true },
      },
    },
    lines: {
      each: "order.items",
      as: "item",
      fields: {
        sku: { from: "item.sku", orElse: "item.productId", transform: ["string", "trim"] },
        name: { from: "item.productName", transform: ["trim"] },
        quantity: { from: "item.quantity" },
        currency: { from: "order.primaryStoreCurrencyCode", transform: ["currency"] },
        unitPrice: { from: "item.unitPriceExclTax", transform: ["money"] },
        discount: { from: "item.discountAmountExclTax", transform: ["money"] },
        lineTotal: { from: ["item.priceExclTax", "item.discountAmountExclTax"], transform: ["money-difference"] },
      },
    },
    totals: {
      object: {
        subtotal: {
          from: ["order.orderSubtotalExclTax", "order.orderSubTotalDiscountExclTax"],
          transform: ["money-difference"],
        },
        shipping: { from: "order.orderShippingExclTax", transform: ["money"] },
        tax: { from: "order.orderTax", transform: ["money"] },
        discount: { from: "order.orderDiscount", transform: ["money"] },
        total: { from: "order.orderTotal", transform: ["money"] },
      },
    },
    payment: {
      object: {
        provider: { const: "stripe" },
        paymentIntentId: { from: "payment.paymentIntentId" },
        chargeId: { from: "payment.chargeId", optional: true },
      },
    },
    billingAddress: { from: "order.billingAddress", transform: ["address"] },
    shippingAddress: { from: "order.shippingAddress", transform: ["address"], optional: true },
    notes: {
      from: "order.paymentStatusId",
      transform: [
        {
          map: {
            "10": "Payment pending",
            "20": "Payment authorized (Stripe, manual capture)",
            "30": "Paid (Stripe)",
            "35": "Paid, partially refunded (Stripe)",
            "40": "Refunded (Stripe)",
            "50": "Payment voided (Stripe)",
          },
        },
      ],
    },
  },
});
