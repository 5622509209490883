export type { CreatedIntent } from "./create-payment-intent.js";
export { type OrderToCash, type OrderToCashPorts, registerOrderToCash } from "./flow.js";
export { orderToCashFlow } from "./order-actions.js";
export { type OrderPayment, type OrderPaymentsReader, sqlOrderPaymentsReader } from "./order-payments-reader.js";
export type { OrderToCashOptions } from "./order-to-cash-options.js";
