import type { WriteBackOperation } from "./write-back-schemas.js";

export const writeBackBasePath = "/stripe-sidecar/api/v1";

/**
 * Every call is a POST with a JSON body, so the Standard Webhooks signature (over id.timestamp.body) covers all
 * its parameters. Reads are never cached by request id; writes are idempotent by it.
 */
export const writeBackRoutes: Record<WriteBackOperation, { path: string; kind: "read" | "write" }> = {
  getOrder: { path: "/orders/get", kind: "read" },
  markOrderAuthorized: { path: "/orders/mark-authorized", kind: "write" },
  markOrderPaid: { path: "/orders/mark-paid", kind: "write" },
  recordRefund: { path: "/orders/record-refund", kind: "write" },
  voidOrder: { path: "/orders/void", kind: "write" },
  cancelOrder: { path: "/orders/cancel", kind: "write" },
  addOrderNote: { path: "/orders/add-note", kind: "write" },
  addShipment: { path: "/shipments/add", kind: "write" },
  markShipmentDelivered: { path: "/shipments/mark-delivered", kind: "write" },
  setStockQuantity: { path: "/products/set-stock-quantity", kind: "write" },
  updateProductPrice: { path: "/products/update-price", kind: "write" },
  listProducts: { path: "/products/list", kind: "read" },
  getCustomer: { path: "/customers/get", kind: "read" },
  listCustomers: { path: "/customers/list", kind: "read" },
  getReturnRequest: { path: "/return-requests/get", kind: "read" },
  setReturnRequestStatus: { path: "/return-requests/set-status", kind: "write" },
  updateCustomer: { path: "/customers/update", kind: "write" },
  getRecurringPayment: { path: "/recurring-payments/get", kind: "read" },
  listRecurringPayments: { path: "/recurring-payments/list", kind: "read" },
  processNextRecurringPayment: { path: "/recurring-payments/process-next", kind: "write" },
  markRecurringPaymentFailed: { path: "/recurring-payments/mark-failed", kind: "write" },
  cancelRecurringPayment: { path: "/recurring-payments/cancel", kind: "write" },
};

export const writeBackOperations = Object.keys(writeBackRoutes) as WriteBackOperation[];
