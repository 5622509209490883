import type { StripeCustomerId } from "../domain/ids.js";

/** The customer an order names, as order-to-cash knows it. */
export interface OrderCustomer {
  customerGuid: string;
  customerId: number;
  storeId: number;
  email: string | null;
}

/**
 * A nopCommerce customer's one Stripe customer, kept by the customers flow and made on first need (order-to-cash
 * asks for a PaymentIntent). Never found with Stripe's search, which lags and is not offered everywhere.
 */
export interface StripeCustomerLinks {
  ensure(customer: OrderCustomer): Promise<StripeCustomerId>;
}
