import { RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import type { StripeCustomerId } from "../../sidecar/src/domain/ids.js";
import { customerMetadata } from "../../sidecar/src/flows/customers/stripe-customer-values.js";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import type { Backend } from "../support/backends.js";
import { linkStripeCustomer } from "../support/link-stripe-customer.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";

export type SubscriptionsHarness = SandboxSidecar & { flows: Flows };

/** The sandbox with every flow registered as in production; the drift check is run by hand unless scheduled. */
export const startSubscriptions = (backend: Backend, driftCheckEveryMs = 0) =>
  startWithFlows(backend, { subscriptions: { driftCheckEveryMs } });

/** A month after `seconds`, as Stripe and nopCommerce count it (the day kept; the tests start on a day <= 28). */
export function monthsAfter(seconds: number, months: number): number {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() + months);
  return Math.floor(date.getTime() / 1000);
}

/**
 * A registered nop customer whose Stripe customer lives on a test clock (order-to-cash finds it by the customer's
 * GUID), who buys a monthly recurring product and pays the first order by card through order-to-cash.
 */
export async function subscriber(t: SubscriptionsHarness, options: { totalCycles: number; manual?: boolean }) {
  const stripe = t.systems.stripe;
  const product = t.sandbox.nop.createProduct({
    name: "Coffee club (monthly)",
    sku: `COFFEE_${Math.random().toString(36).slice(2, 8)}`,
    price: "15.00",
    isShipEnabled: false,
    manageStock: false,
    recurring: { cycleLength: 1, cyclePeriodId: RecurringProductCyclePeriod.Months, totalCycles: options.totalCycles },
  });
  const email = `member-${product.id}@example.com`;
  // Registered silently: the customers flow would make a Stripe customer without a test clock.
  const customer = t.sandbox.nop.registerCustomer({ email, firstName: "Ada", lastName: "Member" }, { silent: true });
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const metadata = customerMetadata({ ...customer, storeId: customer.registeredInStoreId });
  const stripeCustomer = await stripe.customers.create({ email, test_clock: clock.id, metadata });
  const link = { customerGuid: customer.customerGuid, id: customer.id, email, storeId: customer.registeredInStoreId };
  await linkStripeCustomer(t.sidecar.db.sql, link, stripeCustomer.id as StripeCustomerId);
  const order = t.sandbox.nop.placeOrder({
    customerId: customer.id,
    items: [{ productId: product.id }],
    taxRatePercent: "0",
    ...(options.manual ? { paymentMethodSystemName: "Payments.Manual" } : {}),
  });
  const recurringPayment = t.sandbox.nop.recurringPayments().find((rp) => rp.initialOrderId === order.id)!;
  const advanceTo = async (frozen_time: number) => {
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time });
    await settle(t);
  };
  return { stripe, product, customer, stripeCustomer, clock, order, recurringPayment, advanceTo };
}

/** Pays the first order through order-to-cash, as the checkout does. */
export async function payFirstOrder(t: SubscriptionsHarness, nopOrderId: number, card = "pm_card_visa") {
  const created = await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId });
  await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, { payment_method: card });
}

/** Waits until every webhook (duplicates too) was delivered and every job has run. */
export async function settle(t: SubscriptionsHarness) {
  await t.sandbox.stripe.whenDeliveriesIdle();
  await waitFor(
    async () => {
      const counts = await t.sidecar.queue.counts();
      return counts.waiting === 0 && counts.active === 0;
    },
    { timeoutMs: 30_000 },
  );
}

export const subscriptionsOf = async (t: SubscriptionsHarness, customer: string) =>
  (await t.systems.stripe.subscriptions.list({ customer, status: "all", limit: 100 })).data;

/** The customer's one subscription, once the flow made it and everything it caused has run. */
export async function theSubscription(t: SubscriptionsHarness, customer: string) {
  const [sub] = await waitFor(async () => {
    const subs = await subscriptionsOf(t, customer);
    return subs.length === 1 ? subs : undefined;
  });
  await settle(t);
  return sub!;
}
