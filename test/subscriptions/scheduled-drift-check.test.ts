import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  payFirstOrder,
  type SubscriptionsHarness,
  startSubscriptions,
  subscriber,
  theSubscription,
} from "./subscriptions-harness.js";

describe.each(backends)("the scheduled drift check on $name", (backend) => {
  let t: SubscriptionsHarness;
  beforeAll(async () => {
    t = await startSubscriptions(backend, 1_000);
  });
  afterAll(() => t?.close());

  it("finds a cancellation whose event never arrived and stops Stripe billing it", async () => {
    const s = await subscriber(t, { totalCycles: 6 });
    await payFirstOrder(t, s.order.id);
    const sub = await theSubscription(t, s.stripeCustomer.id);
    t.sandbox.nop.setSidecarUrl(undefined); // the store's events wait in its outbox
    try {
      t.sandbox.nop.cancelRecurringPayment(s.recurringPayment.id);
      await waitFor(async () => (await s.stripe.subscriptions.retrieve(sub.id)).status === "canceled", {
        timeoutMs: 20_000,
      });
    } finally {
      t.sandbox.nop.setSidecarUrl(t.url); // as the sandbox connects it
    }
    // Stripe cancels before the flow logs its answer: wait for the log, not only for Stripe.
    const timeline = await waitFor(async () => {
      const entries = await t.flows.subscriptions.readModel.timeline(s.recurringPayment.id);
      return entries.some((e) => e.name === "cancel-subscription") ? entries : undefined;
    });
    expect(timeline.filter((e) => e.name === "cancel-subscription")).toHaveLength(1);
    expect(timeline.some((e) => e.name === "recurring_payment.cancelled")).toBe(false);
  });
});
