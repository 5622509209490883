import type { PaymentIntentId, StripeCustomerId } from "../domain/ids.js";
import type { Money } from "../domain/money.js";
import type { Result } from "../domain/result.js";
import type { StripeRecurrence } from "../domain/subscriptions/recurring-cycle.js";
import type { IdempotencyMismatch, StripeMissing } from "./stripe.js";

/** A subscription as the flows read it: checked once where it enters, in our types. */
export interface SubscriptionSnapshot {
  id: string;
  /** Stripe's status (trialing, active, past_due, canceled, unpaid, incomplete...). */
  status: string;
  customerId: string;
  /** metadata nop_recurring_payment_id: which nopCommerce recurring payment it mirrors (null: not ours). */
  recurringPaymentId: number | null;
  /** The item the flow manages (its first) and its price. */
  itemId: string | null;
  priceId: string | null;
  cancelAt: Date | null;
  endedAt: Date | null;
  /** The invoice made when the subscription was created (the trial's, for the cycle nopCommerce already has). */
  latestInvoiceId: string | null;
}

/** An invoice of a subscription as the flows read it. */
export interface InvoiceSnapshot {
  id: string;
  subscriptionId: string | null;
  /** The subscription's metadata nop_recurring_payment_id, as the invoice carries it. */
  recurringPaymentId: number | null;
  billingReason: string;
  status: string;
  attemptCount: number;
  amountDue: Money;
  created: Date;
}

/** The first order's payment, as a subscription needs it: who paid, with what. */
export interface PaymentOfOrder {
  customerId: StripeCustomerId | null;
  paymentMethodId: string | null;
  /** The card is saved on the customer (paid with setup_future_usage), so Stripe may bill it off session. */
  cardSaved: boolean;
}

export interface NewRecurringPrice {
  amount: Money;
  recurrence: StripeRecurrence;
  productName: string;
  metadata: Record<string, string>;
}

export interface NewSubscription {
  customerId: string;
  priceId: string;
  paymentMethodId: string;
  trialEnd: Date;
  cancelAt: Date;
  metadata: Record<string, string>;
}

/** What the subscriptions flow asks of Stripe; every write takes its idempotency key. */
export interface SubscriptionsPort {
  paymentOf(paymentIntentId: PaymentIntentId): Promise<Result<PaymentOfOrder, StripeMissing>>;
  /** Saves the card on the customer (no-op when it is there already), so Stripe can bill it off session. */
  attachPaymentMethod(paymentMethodId: string, customerId: string): Promise<void>;
  createPrice(price: NewRecurringPrice, idempotencyKey: string): Promise<Result<string, IdempotencyMismatch>>;
  createSubscription(
    subscription: NewSubscription,
    idempotencyKey: string,
  ): Promise<Result<SubscriptionSnapshot, IdempotencyMismatch>>;
  retrieveSubscription(id: string): Promise<Result<SubscriptionSnapshot, StripeMissing>>;
  /** Cancels at once; missing: there is no such subscription or it has ended already. */
  cancelSubscription(id: string, idempotencyKey: string): Promise<Result<SubscriptionSnapshot, StripeMissing>>;
  /** The PaymentIntent that paid an invoice, if any (a $0 invoice has none). */
  invoicePaymentIntent(invoiceId: string): Promise<string | null>;
  /** The object a `customer.subscription.*` or `invoice.*` webhook carries; throws PermanentError when malformed. */
  subscriptionFromEvent(event: { eventId: string; payload: unknown }): SubscriptionSnapshot;
  invoiceFromEvent(event: { eventId: string; payload: unknown }): InvoiceSnapshot;
}
