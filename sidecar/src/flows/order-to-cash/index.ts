export type { CreatedIntent } from "./create-payment-intent.js";
export { type OrderToCash, type OrderToCashPorts, registerOrderToCash } from "./flow.js";
export { orderToCashFlow } from "./order-actions.js";
export {
  type OrderOfPayment,
  type OrderOfPaymentLookup,
  type ShipmentReport,
  SqlOrderOfPaymentLookup,
} from "./order-of-payment.js";
export { type OrderPayment, type OrderPaymentsReader, sqlOrderPaymentsReader } from "./order-payments-reader.js";
export type { OrderToCashOptions } from "./order-to-cash-options.js";
