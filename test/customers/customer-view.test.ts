import { PaymentStatus, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { adminQuery, registerAndSync } from "./customers-harness.js";

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface CustomerPages {
  customer: {
    orders: Page<{ orderGuid: string; paymentStatus: string }>;
    pending: Page<{ orderGuid: string }>;
    paymentMethods: Page<Record<string, unknown>>;
    subscriptions: Page<{ id: string; nop: { customerId: number } }>;
    ended: Page<{ id: string }>;
  };
}

const customerQuery = `query($id: ID!, $cards: String) { customer(id: $id) {
  orders(first: 10) { edges { cursor node { orderGuid paymentStatus } } pageInfo { hasNextPage endCursor } }
  pending: orders(paymentStatus: [Pending]) { edges { cursor node { orderGuid } } pageInfo { hasNextPage endCursor } }
  paymentMethods(first: 1, after: $cards) {
    edges { cursor node { brand last4 expMonth expYear } } pageInfo { hasNextPage endCursor } }
  subscriptions { edges { cursor node { id nop { customerId } } } pageInfo { hasNextPage endCursor } }
  ended: subscriptions(sync: ENDED) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
} }`;

describe.each(backends)("the customer view on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };
  beforeAll(async () => {
    t = await startWithFlows(backend);
  });
  afterAll(() => t?.close());

  const paidOrder = async (customerId: number, items?: { productId: number }[]) => {
    const order = t.sandbox.nop.placeOrder({ customerId, ...(items ? { items, taxRatePercent: "0" } : {}) });
    const created = await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: order.id });
    await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, { payment_method: "pm_card_visa" });
    await waitFor(() => (t.sandbox.nop.getOrder(order.id)?.paymentStatusId === PaymentStatus.Paid ? order : undefined));
    return order;
  };

  it("shows the customer's orders, saved cards (brand, last four, expiry only) and subscriptions, in pages", async () => {
    const { nop, stripe } = await registerAndSync(t, "viewed@example.com");
    const other = await registerAndSync(t, "someone-else@example.com");
    const product = t.sandbox.nop.createProduct({
      name: "Tea club (monthly)",
      sku: "TEA_CLUB",
      price: "12.00",
      isShipEnabled: false,
      manageStock: false,
      recurring: { cycleLength: 1, cyclePeriodId: RecurringProductCyclePeriod.Months, totalCycles: 3 },
    });
    const paid = await paidOrder(nop.id);
    const recurring = await paidOrder(nop.id, [{ productId: product.id }]);
    const unpaid = t.sandbox.nop.placeOrder({ customerId: nop.id });
    await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: unpaid.id });
    await paidOrder(other.nop.id);
    await t.systems.stripe.paymentMethods.attach("pm_card_mastercard", { customer: stripe.id });
    await t.systems.stripe.paymentMethods.attach("pm_card_amex", { customer: stripe.id });
    const recurringPayment = t.sandbox.nop.recurringPayments().find((rp) => rp.initialOrderId === recurring.id)!;
    await waitFor(async () => ((await t.flows.subscriptions.readModel.byId(recurringPayment.id)) ? true : undefined));

    const first = (await adminQuery<CustomerPages>(t, customerQuery, { id: nop.customerGuid })).customer;
    const guids = (p: Page<{ orderGuid: string }>) => p.edges.map((e) => e.node.orderGuid).sort();
    expect(guids(first.orders)).toEqual([paid.orderGuid, recurring.orderGuid, unpaid.orderGuid].sort());
    expect(guids(first.pending)).toEqual([unpaid.orderGuid]);

    // Stripe's order (newest first); one card a page, then the next.
    expect(first.paymentMethods.edges.map((e) => e.node)).toEqual([
      { brand: "amex", last4: "8431", expMonth: expect.any(Number), expYear: expect.any(Number) },
    ]);
    expect(first.paymentMethods.pageInfo.hasNextPage).toBe(true);
    const next = (
      await adminQuery<CustomerPages>(t, customerQuery, {
        id: nop.customerGuid,
        cards: first.paymentMethods.pageInfo.endCursor,
      })
    ).customer.paymentMethods;
    expect(next.edges.map((e) => [e.node.brand, e.node.last4])).toEqual([["mastercard", "4444"]]);

    expect(first.subscriptions.edges.map((e) => e.node)).toEqual([
      { id: String(recurringPayment.id), nop: { customerId: nop.id } },
    ]);
    expect(first.ended.edges).toEqual([]);
  });

  it("a saved card shows no more of the card than brand, last four and expiry", async () => {
    const { __type } = await adminQuery<{ __type: { fields: { name: string }[] } }>(
      t,
      `{ __type(name: "SavedCard") { fields { name } } }`,
    );
    expect(__type.fields.map((f) => f.name).sort()).toEqual(["brand", "expMonth", "expYear", "last4"]);
  });

  it("a cursor this API did not issue is refused", async () => {
    const { nop } = await registerAndSync(t, "cursor@example.com");
    await expect(adminQuery(t, customerQuery, { id: nop.customerGuid, cards: "not-a-cursor" })).rejects.toThrow(
      /after/,
    );
  });
});
