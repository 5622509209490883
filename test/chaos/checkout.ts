// Orders as the store makes them: placed in the simulated nopCommerce, their PaymentIntent asked of the sidecar
// by the plugin (signed), then paid in the customer's browser with a test card.
import { requestOrderIntent } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import type Stripe from "stripe";
import { createStripeClient } from "../../sidecar/src/external-systems.js";
import type { Sandbox } from "../../sidecar/src/sandbox/start-sandbox.js";

export interface Checkout {
  nopOrderId: number;
  guid: string;
  paymentIntentId: string;
}

/** Runs `work` over `items`, `concurrency` at a time, in order of start. */
export async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

export class Store {
  private readonly stripe: Stripe;

  constructor(
    private readonly systems: Sandbox,
    private readonly sidecarUrl: string,
  ) {
    this.stripe = createStripeClient(systems.config.STRIPE_SECRET_KEY!, systems.config.STRIPE_API_BASE!);
  }

  /** Places `count` orders and gets each its PaymentIntent; the customers have not paid yet. */
  prepare(count: number): Promise<Checkout[]> {
    return inParallel(
      Array.from({ length: count }, (_, i) => i),
      8,
      async (i) => {
        const order = this.systems.nop.placeOrder({ items: [{ productId: 1, quantity: 1 + (i % 3) }] });
        const paymentIntentId = await requestOrderIntent(this.sidecarUrl, this.systems.bridgeSecret, order.id);
        return { nopOrderId: order.id, guid: order.orderGuid.toLowerCase(), paymentIntentId };
      },
    );
  }

  /** The browser's confirmation; true when Stripe answered succeeded (the payment is acknowledged). */
  async pay(checkout: Checkout): Promise<boolean> {
    const intent = await this.stripe.paymentIntents
      .confirm(checkout.paymentIntentId, { payment_method: "pm_card_visa" })
      .catch(() => undefined);
    return intent?.status === "succeeded";
  }
}
