import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  creditMemosOf,
  paidOrder,
  type RefundsHarness,
  settle,
  startRefunds,
  stripeRefundsOf,
} from "./refunds-harness.js";

const refundMutation = `mutation R($orderGuid: String!, $amountMinor: Float, $amount: String, $requestId: String!) {
  refund(orderGuid: $orderGuid, amountMinor: $amountMinor, amount: $amount, reason: "goodwill", requestId: $requestId) {
    id origin stripeRefundId stripeState nopState amount { minor currency decimal }
  }
}`;

describe.each(backends)("refunds in GraphQL on $name", (backend) => {
  let t: RefundsHarness;
  let finance: string;
  let readOnly: string;
  beforeAll(async () => {
    t = await startRefunds(backend);
    finance = await createTestToken(t.sidecar, "finance");
    readOnly = await createTestToken(t.sidecar, "read_only");
  });
  afterAll(() => t?.close());

  it("the refund mutation for finance: one Stripe refund, nop and the ERP, audited; shown on the order and in the list", async () => {
    const { order, intent } = await paidOrder(t);
    const vars = { orderGuid: order.orderGuid, amountMinor: 250, requestId: "gql-1" };
    const answer = await graphqlAs(t.url, finance, refundMutation, vars);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.refund).toMatchObject({
      id: "graphql:gql-1",
      origin: "graphql",
      stripeState: "succeeded",
      amount: { minor: 250, currency: "usd", decimal: "2.50" },
    });
    const again = await graphqlAs(t.url, finance, refundMutation, { ...vars, amountMinor: null, amount: "2.50" });
    const refundIdOf = (a: typeof answer) =>
      (a.body.data?.refund as { stripeRefundId?: string } | undefined)?.stripeRefundId;
    expect(refundIdOf(again)).toBe(refundIdOf(answer));
    expect(refundIdOf(answer)).toMatch(/^re_/);
    const reused = await graphqlAs(t.url, finance, refundMutation, { ...vars, amountMinor: 300 });
    expect(reused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/was made before for USD 2\.50/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toHaveLength(1);
    expect(t.sandbox.nop.getOrder(order.id)).toMatchObject({
      paymentStatusId: PaymentStatus.PartiallyRefunded,
      refundedAmount: "2.50",
    });
    const audit = await t.sidecar.db.prisma.auditEntry.findMany({
      where: { action: "graphql:refund" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.outcome)).toEqual(["ok", "ok", "error"]);
    expect(audit.slice(0, 2).map((a) => a.target)).toEqual(["graphql:gql-1", "graphql:gql-1"]);

    const view = await graphqlAs<{ order: { refunds: unknown[] } }>(
      t.url,
      finance,
      `{ order(guid: "${order.orderGuid}") { refunds { id nopState erpCreditMemo stripeState amount { minor } } } }`,
    );
    expect(view.body.data?.order.refunds).toEqual([
      {
        id: "graphql:gql-1",
        nopState: "recorded",
        erpCreditMemo: expect.stringMatching(/^CM-/),
        stripeState: "succeeded",
        amount: { minor: 250 },
      },
    ]);
    const list = await graphqlAs<{ refunds: { edges: { node: { id: string } }[] } }>(
      t.url,
      finance,
      `{ refunds(first: 10, state: [succeeded]) { edges { node { id } } } }`,
    );
    expect(list.body.data?.refunds.edges.map((e) => e.node.id)).toContain("graphql:gql-1");
    const none = await graphqlAs(t.url, finance, `{ refunds(state: [failed]) { edges { node { id } } } }`);
    expect(none.body.data).toEqual({ refunds: { edges: [] } });
  }, 60_000);

  it("refunds chosen items: the amount computed as a return's, refused when it disagrees or exceeds an item, memo lines", async () => {
    const [p1, p2] = t.sandbox.nop.products();
    const { order, intent } = await paidOrder(t, {
      items: [
        { productId: p1!.id, quantity: 2 },
        { productId: p2!.id, quantity: 1 },
      ],
    });
    const [first, second] = order.items;
    const minor = (decimal: string) => Math.round(Number(decimal) * 100);
    const expected =
      minor(first!.unitPriceInclTax) -
      Math.round((minor(first!.discountAmountInclTax) * 1) / 2) +
      minor(second!.unitPriceInclTax) -
      minor(second!.discountAmountInclTax);
    const itemsMutation = `mutation R($orderGuid: String!, $items: [RefundItemInput!], $amountMinor: Float, $requestId: String!) {
      refund(orderGuid: $orderGuid, items: $items, amountMinor: $amountMinor, reason: "damaged", requestId: $requestId) {
        id stripeRefundId stripeState amount { minor }
      }
    }`;
    const ask = (requestId: string, items: { orderItemId: number; quantity: number }[], amountMinor?: number) =>
      graphqlAs<{ refund: { stripeRefundId: string; amount: { minor: number } } }>(t.url, finance, itemsMutation, {
        orderGuid: order.orderGuid,
        items,
        amountMinor: amountMinor ?? null,
        requestId,
      });
    const both = [
      { orderItemId: first!.id, quantity: 1 },
      { orderItemId: second!.id, quantity: 1 },
    ];
    const disagrees = await ask("items-0", both, expected + 1);
    expect(disagrees.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/disagrees with the items given/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    const tooMany = await ask("items-0", [{ orderItemId: first!.id, quantity: 3 }]);
    expect(tooMany.body.errors?.[0]?.message).toMatch(/only 2 of 2 left to refund/);
    expect(await stripeRefundsOf(t, intent.id)).toEqual([]);

    const made = await ask("items-1", both, expected);
    expect(made.body.errors).toBeUndefined();
    expect(made.body.data?.refund.amount.minor).toBe(expected);
    const again = await ask("items-1", both);
    expect(again.body.data?.refund.stripeRefundId).toBe(made.body.data?.refund.stripeRefundId);
    const beyond = await ask("items-2", [{ orderItemId: first!.id, quantity: 2 }]);
    expect(beyond.body.errors?.[0]?.message).toMatch(/only 1 of 2 left to refund/);

    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.amount)).toEqual([expected]);
    expect(t.sandbox.nop.getOrder(order.id)).toMatchObject({
      paymentStatusId: PaymentStatus.PartiallyRefunded,
      refundedAmount: (expected / 100).toFixed(2),
    });
    const skuOf = (item: typeof first) => item!.sku ?? String(item!.productId);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([
      expect.objectContaining({
        amount: expected,
        lines: [
          expect.objectContaining({ orderItemId: first!.id, sku: skuOf(first), quantity: 1 }),
          expect.objectContaining({ orderItemId: second!.id, sku: skuOf(second), quantity: 1 }),
        ],
      }),
    ]);
  }, 60_000);

  it("pages like the other lists: first 0 is empty, negative first is BAD_USER_INPUT; read-only tokens may not refund", async () => {
    const empty = await graphqlAs(
      t.url,
      finance,
      `{ refunds(first: 0) { edges { node { id } } pageInfo { hasNextPage } } }`,
    );
    expect(empty.body.data).toEqual({ refunds: { edges: [], pageInfo: { hasNextPage: false } } });
    const negative = await graphqlAs(t.url, finance, `{ refunds(first: -1) { edges { node { id } } } }`);
    expect(negative.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const { order, intent } = await paidOrder(t);
    const refused = await graphqlAs(t.url, readOnly, refundMutation, {
      orderGuid: order.orderGuid,
      amountMinor: 1,
      requestId: "ro",
    });
    expect(refused.body.errors?.[0]?.message).toBeDefined();
    expect(refused.body.data?.refund ?? null).toBeNull();
    const over = await graphqlAs(t.url, finance, refundMutation, {
      orderGuid: order.orderGuid,
      amountMinor: intent.amount + 1,
      requestId: "over",
    });
    expect(over.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/exceeds what is left to refund/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(await stripeRefundsOf(t, intent.id)).toEqual([]);
  }, 60_000);
});
