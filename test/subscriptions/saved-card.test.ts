import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { type SubscriptionsHarness, startSubscriptions, subscriber } from "./subscriptions-harness.js";

describe.each(backends)("the card of a recurring purchase is saved for later cycles on $name", (backend) => {
  let t: SubscriptionsHarness;
  beforeAll(async () => {
    t = await startSubscriptions(backend);
  });
  afterAll(() => t?.close());

  const setupFutureUsage = async (paymentIntentId: string) =>
    (await t.systems.stripe.paymentIntents.retrieve(paymentIntentId)).setup_future_usage;

  it("an order with a recurring item asks Stripe to save its card off-session; an order without one does not", async () => {
    const s = await subscriber(t, { totalCycles: 3 });
    const recurring = await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: s.order.id });
    expect(await setupFutureUsage(recurring.paymentIntentId)).toBe("off_session");

    const plain = t.sandbox.nop.createProduct({ name: "Mug", sku: `MUG_${s.product.id}`, price: "9.00" });
    const order = t.sandbox.nop.placeOrder({ customerId: s.customer.id, items: [{ productId: plain.id }] });
    const once = await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: order.id });
    expect(await setupFutureUsage(once.paymentIntentId)).toBeNull();
  });

  it("a checkout of a recurring cart (contract 1.3 `recurring`) saves the card; an older plugin's call does not", async () => {
    const s = await subscriber(t, { totalCycles: 3 });
    const cart = {
      customerId: s.customer.id,
      customerGuid: s.customer.customerGuid,
      email: s.customer.email,
      storeId: s.customer.registeredInStoreId,
      amount: "15.00",
      currencyCode: "USD",
    };
    const checkout = (extra: { recurring?: boolean }) =>
      t.flows.orderToCash.createPaymentIntent.forCart({ ...cart, ...extra, requestId: randomUUID() });
    expect(await setupFutureUsage((await checkout({ recurring: true })).paymentIntentId)).toBe("off_session");
    expect(await setupFutureUsage((await checkout({})).paymentIntentId)).toBeNull();
  });
});
