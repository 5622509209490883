import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  payFirstOrder,
  type SubscriptionsHarness,
  settle,
  startSubscriptions,
  subscriber,
} from "./subscriptions-harness.js";

const listQuery = `query($sync: SubscriptionSync, $customerId: Int, $after: String) {
  subscriptions(first: 1, sync: $sync, customerId: $customerId, after: $after) {
    edges { node { id sync notBilledReason paidInvoices price { minor currency }
      nop { active customerId cyclePeriod cycleLength totalCycles paymentType }
      stripe { status subscriptionId } } }
    pageInfo { hasNextPage endCursor } } }`;

describe.each(backends)("subscriptions in GraphQL on $name", (backend) => {
  let t: SubscriptionsHarness;
  beforeAll(async () => {
    t = await startSubscriptions(backend);
  });
  afterAll(() => t?.close());

  it("shows both sides of each recurring payment, filtered and paged, and runs the drift check for admins", async () => {
    const billed = await subscriber(t, { totalCycles: 12 });
    const manual = await subscriber(t, { totalCycles: 12, manual: true });
    await payFirstOrder(t, billed.order.id);
    await t.flows.subscriptions.advance(manual.recurringPayment.id);
    const ask = (variables: Record<string, unknown>) => graphqlAs(t.url, t.adminToken, listQuery, variables);
    await waitFor(async () => {
      const { body } = await ask({ sync: "BILLING" });
      return (body.data as { subscriptions: { edges: unknown[] } }).subscriptions.edges.length === 1;
    });
    await settle(t);

    const billing = (await ask({ sync: "BILLING" })).body;
    expect(billing.errors).toBeUndefined();
    const [edge] = (billing.data as { subscriptions: { edges: { node: Record<string, unknown> }[] } }).subscriptions
      .edges;
    expect(edge!.node).toMatchObject({
      id: String(billed.recurringPayment.id),
      sync: "BILLING",
      paidInvoices: 1,
      price: { minor: Math.round(Number(billed.order.orderTotal) * 100), currency: "usd" },
      nop: { active: true, customerId: billed.customer.id, cyclePeriod: "Months", cycleLength: 1, totalCycles: 12 },
      stripe: { status: "trialing" },
    });

    const first = (await ask({})).body.data as {
      subscriptions: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    expect(first.subscriptions.pageInfo.hasNextPage).toBe(true);
    const second = (await ask({ after: first.subscriptions.pageInfo.endCursor })).body.data as typeof first;
    expect(second.subscriptions.edges[0]!.node.id).not.toBe(first.subscriptions.edges[0]!.node.id);

    const mine = (await ask({ customerId: manual.customer.id })).body.data as {
      subscriptions: { edges: { node: Record<string, unknown> }[] };
    };
    expect(mine.subscriptions.edges.map((e) => e.node)).toMatchObject([
      { sync: "NOT_BILLED", stripe: null, nop: { paymentType: "Manual" } },
    ]);

    const drift = await graphqlAs(
      t.url,
      t.adminToken,
      "mutation { checkSubscriptionDrift { checked drifts { problem } } }",
    );
    expect(drift.body).toMatchObject({ data: { checkSubscriptionDrift: { checked: 1, drifts: [] } } });
  });
});
