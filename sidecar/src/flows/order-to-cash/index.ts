export { type CaptureGate, type CreatedIntent, riskDecideMetadata } from "./create-payment-intent.js";
export { type OrderToCash, type OrderToCashPorts, registerOrderToCash } from "./flow.js";
export { orderToCashFlow } from "./order-actions.js";
export { type CustomerHistory, type OrderCustomers, SqlOrderCustomers } from "./order-customers.js";
export {
  type NopPaymentStatus,
  type OrderPaymentStatuses,
  SqlOrderPaymentStatuses,
} from "./order-payment-status.js";
export {
  type OrderOfPayment,
  type OrderPayment,
  type OrderPayments,
  type ShipmentReport,
  SqlOrderPayments,
} from "./order-payments.js";
export {
  type OrderSettlement,
  type OrderSettlements,
  type SettlementKeys,
  SqlOrderSettlements,
} from "./order-settlements.js";
export type { OrderToCashOptions } from "./order-to-cash-options.js";
