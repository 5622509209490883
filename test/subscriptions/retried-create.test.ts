import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubscriptionsReadModel } from "../../sidecar/src/flows/subscriptions/index.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  payFirstOrder,
  type SubscriptionsHarness,
  settle,
  startSubscriptions,
  subscriber,
  subscriptionsOf,
} from "./subscriptions-harness.js";

describe.each(backends)("no double subscription, no double billing on $name", (backend) => {
  let t: SubscriptionsHarness;
  beforeAll(async () => {
    t = await startSubscriptions(backend);
  });
  afterAll(() => t?.close());

  it("a subscription created twice by a retried job (Stripe did it, the answer was lost) is one subscription", async () => {
    const s = await subscriber(t, { totalCycles: 6 });
    // Stripe makes the subscription and the answer is lost, three times: the client's own retries give up, the
    // job fails and runs again, each time under the recurring payment's key.
    await fetch(`${t.sandbox.stripe.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: 500, count: 3, path_prefix: "/v1/subscriptions", lose_answer: true }),
    });
    await payFirstOrder(t, s.order.id);
    const view = new SubscriptionsReadModel(t.sidecar.db.sql);
    await waitFor(async () => (await view.byId(s.recurringPayment.id))?.sync === "billing", { timeoutMs: 30_000 });
    await settle(t);
    const subs = await subscriptionsOf(t, s.stripeCustomer.id);
    expect(subs).toHaveLength(1);
    expect((await view.byId(s.recurringPayment.id))!.stripe!.subscriptionId).toBe(subs[0]!.id);
    const created = (await view.timeline(s.recurringPayment.id)).filter((e) => e.name === "create-subscription");
    expect(created).toHaveLength(1);
    await waitFor(() => t.sandbox.nop.recurringPaymentHistory(s.recurringPayment.id).length === 1);
  });

  it("never lets Stripe bill a recurring payment nopCommerce bills itself (Manual), and says why", async () => {
    const s = await subscriber(t, { totalCycles: 6, manual: true });
    await payFirstOrder(t, s.order.id).catch(() => undefined); // paid or refused: Stripe must not bill the cycles
    await t.flows.subscriptions.advance(s.recurringPayment.id);
    await settle(t);
    expect(await subscriptionsOf(t, s.stripeCustomer.id)).toEqual([]);
    const view = await new SubscriptionsReadModel(t.sidecar.db.sql).byId(s.recurringPayment.id);
    expect(view).toMatchObject({
      sync: "not-billed",
      notBilledReason: "the payment method is Manual: nopCommerce bills the cycles itself",
    });
  });
});
