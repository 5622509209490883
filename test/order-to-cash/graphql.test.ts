import { PaymentStatus, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  erpOrdersFor,
  nopOrder,
  type O2cHarness,
  placeAndPay,
  startO2c,
  waitUntilFulfilmentRequested,
} from "./o2c-harness.js";

interface TimelineEntry {
  key: string;
  kind: string;
  name: string;
  at: string;
  detail: Record<string, unknown>;
}

interface OrderView {
  id: string;
  nopOrderId: number;
  orderTotal: string;
  totalMinor: number;
  currency: string;
  paymentStatus: string;
  orderStatus: string;
  nopOrder: { id: number; orderTotal: string };
  paymentIntentId: string;
  paymentIntents: {
    id: string;
    status: string;
    amount: number;
    amountReceived: number;
    charges: { id: string; status: string; declineCode: string | null }[];
  }[];
  erpDocument: { salesOrderId: string; documentNumber: string; total: number; currency: string } | null;
  wmsRequest: { id: string; requestedAt: string } | null;
  shipments: { nopShipmentId: number; trackingNumber: string; shippedAt: string; deliveredAt: string | null }[];
  timeline: TimelineEntry[];
  mismatches: string[];
}

const orderFields = `id nopOrderId orderTotal totalMinor currency paymentStatus orderStatus nopOrder paymentIntentId
  paymentIntents { id status amount amountReceived charges { id status declineCode } }
  erpDocument { salesOrderId documentNumber total currency }
  wmsRequest { id requestedAt }
  shipments { nopShipmentId trackingNumber shippedAt deliveredAt }
  timeline { key kind name at detail }
  mismatches`;

async function gql<T>(t: O2cHarness, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(t.adminToken) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data!;
}

const orderQuery = `query($nopOrderId: Int, $guid: String, $paymentIntentId: String) {
  order(nopOrderId: $nopOrderId, guid: $guid, paymentIntentId: $paymentIntentId) { ${orderFields} } }`;

interface Page {
  orders: { edges: { cursor: string; node: OrderView }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}
const ordersQuery = `query($first: Int, $after: String, $paymentStatus: [NopPaymentStatus!], $minAmount: String,
  $maxAmount: String, $createdAfter: DateTime, $mismatch: Boolean, $mismatchAfterMinutes: Int) {
  orders(first: $first, after: $after, paymentStatus: $paymentStatus, minAmount: $minAmount, maxAmount: $maxAmount,
    createdAfter: $createdAfter, mismatch: $mismatch, mismatchAfterMinutes: $mismatchAfterMinutes) {
    edges { cursor node { ${orderFields} } } pageInfo { hasNextPage endCursor } } }`;

async function allPages(t: O2cHarness, variables: Record<string, unknown>, first = 2): Promise<OrderView[]> {
  const nodes: OrderView[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page = await gql<Page>(t, ordersQuery, { ...variables, first, after });
    nodes.push(...page.orders.edges.map((e) => e.node));
    if (!page.orders.pageInfo.hasNextPage) return nodes;
    after = page.orders.pageInfo.endCursor;
  }
}

describe.each(backends)("order-to-cash GraphQL on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend);
  });
  afterAll(() => t?.close());

  let bigGuid = "";

  it("order(...) shows one paid order in every system, with its timeline in order", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_visa", { items: [{ productId: 1, quantity: 2 }] });
    bigGuid = order.orderGuid.toLowerCase();
    const request = await waitUntilFulfilmentRequested(t, order);
    const [erp] = erpOrdersFor(t, order.orderGuid);
    // The erp-note and wms-request actions come after the ERP order: wait until the flow has recorded them.
    const { order: view } = await waitFor(async () => {
      const r = await gql<{ order: OrderView | null }>(t, orderQuery, { nopOrderId: order.id });
      // The stored snapshot follows bridge events, which may arrive after the write-back answer: wait for Paid.
      const o = r.order;
      return o?.wmsRequest &&
        o.paymentStatus === "Paid" &&
        ["erp-note", "wms-request"].every((n) => o.timeline.some((e) => e.name === n))
        ? r
        : undefined;
    });
    expect(view).toMatchObject({
      id: bigGuid,
      nopOrderId: order.id,
      orderTotal: "2405.00",
      totalMinor: 240_500,
      currency: "usd",
      paymentStatus: "Paid",
      orderStatus: "Processing",
      paymentIntentId: intent.id,
      erpDocument: { salesOrderId: erp!.id, documentNumber: erp!.documentNumber, total: 240_500, currency: "USD" },
      wmsRequest: { id: request.id },
      shipments: [],
      mismatches: [],
    });
    expect(view!.nopOrder).toMatchObject({ id: order.id, orderTotal: "2405.00" });
    expect(view!.paymentIntents).toEqual([
      {
        id: intent.id,
        status: "succeeded",
        amount: 240_500,
        amountReceived: 240_500,
        charges: [{ id: intent.latest_charge, status: "succeeded", declineCode: null }],
      },
    ]);

    const times = view!.timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const names = view!.timeline.map((e) => e.name);
    for (const name of ["order.placed", "payment_intent.succeeded", "payment-intent", "mark-paid", "erp-sales-order"])
      expect(names).toContain(name);
    const index = (name: string) => names.indexOf(name);
    expect(index("payment-intent")).toBeLessThan(index("mark-paid"));
    expect(index("mark-paid")).toBeLessThan(index("erp-sales-order"));
    expect(index("erp-sales-order")).toBeLessThan(index("wms-request"));
    expect(view!.timeline.find((e) => e.name === "erp-sales-order")?.detail).toMatchObject({
      documentNumber: erp!.documentNumber,
      total: 240_500,
    });

    // The same order by GUID and by PaymentIntent.
    for (const variables of [{ guid: order.orderGuid.toUpperCase() }, { paymentIntentId: intent.id }]) {
      const other = await gql<{ order: OrderView }>(t, orderQuery, variables);
      expect(other.order.id).toBe(bigGuid);
    }
    expect((await gql<{ order: null }>(t, orderQuery, { nopOrderId: 999_999 })).order).toBeNull();
    await expect(gql(t, orderQuery, {})).rejects.toThrow("exactly one of");

    // The shipment shows up once the WMS reports it and nop has it.
    t.sandbox.wms.ship(request.id);
    await waitFor(() => nopOrder(t, order.id).shippingStatusId === ShippingStatus.Shipped);
    const shipped = await waitFor(async () => {
      const r = await gql<{ order: OrderView }>(t, orderQuery, { guid: bigGuid });
      return r.order.shipments[0]?.shippedAt ? r.order : undefined;
    });
    expect(shipped.shipments).toEqual([
      {
        nopShipmentId: nopOrder(t, order.id).shipments[0]!.id,
        trackingNumber: nopOrder(t, order.id).shipments[0]!.trackingNumber,
        shippedAt: expect.any(String),
        deliveredAt: null,
      },
    ]);
  });

  it("orders(...) pages newest first and filters by status, amount, date and mismatch", async () => {
    const small: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { order } = await placeAndPay(t, "pm_card_visa");
      await waitUntilFulfilmentRequested(t, order);
      small.push(order.orderGuid.toLowerCase());
    }
    const declined = await placeAndPay(t, "pm_card_chargeDeclined");
    const declinedGuid = declined.order.orderGuid.toLowerCase();
    await waitFor(async () => {
      const r = await gql<{ order: OrderView | null }>(t, orderQuery, { guid: declinedGuid });
      return r.order?.paymentIntents[0]?.charges.some((c) => c.status === "failed");
    });
    // Wait until every paid order has its ERP document stored, so none is a mismatch below.
    await waitFor(async () => {
      const nodes = await allPages(t, { paymentStatus: ["Paid"] }, 50);
      return nodes.length === 4 && nodes.every((n) => n.erpDocument !== null && n.paymentStatus === "Paid");
    });

    const all = await allPages(t, {}, 2);
    expect(all.map((o) => o.id)).toEqual([declinedGuid, ...[...small].reverse(), bigGuid]);

    const paid = await allPages(t, { paymentStatus: ["Paid"] });
    expect(paid.map((o) => o.id).sort()).toEqual([bigGuid, ...small].sort());
    const pending = await allPages(t, { paymentStatus: ["Pending"] });
    expect(pending.map((o) => o.id)).toEqual([declinedGuid]);
    expect(pending[0]!.paymentIntents[0]!.charges[0]).toMatchObject({
      status: "failed",
      declineCode: "generic_decline",
    });

    const big = await allPages(t, { minAmount: "2000" });
    expect(big.map((o) => o.id)).toEqual([bigGuid]);
    const cheap = await allPages(t, { maxAmount: "1205.00" });
    expect(cheap.map((o) => o.orderTotal)).toEqual(["1205.00", "1205.00", "1205.00", "1205.00"]);
    expect(await allPages(t, { createdAfter: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    await expect(gql(t, ordersQuery, { minAmount: "lots" })).rejects.toThrow("minAmount must be a decimal");

    // Nothing disagrees: every paid order has its ERP document, the declined one is not paid anywhere.
    expect(await allPages(t, { mismatch: true, mismatchAfterMinutes: 0 })).toEqual([]);
    expect(await allPages(t, { mismatch: false, mismatchAfterMinutes: 0 })).toHaveLength(5);
  });

  it("mismatch: a paid order the ERP never got is reported once it has settled", async () => {
    t.sandbox.erp.faults.set({ mode: "error", status: 503 });
    try {
      const { order } = await placeAndPay(t, "pm_card_visa");
      const guid = order.orderGuid.toLowerCase();
      await waitFor(() => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid);
      const found = await waitFor(async () => {
        // With no grace time, the moment between Stripe's success and nop's Paid shows up too: wait past it.
        const nodes = await allPages(t, { mismatch: true, mismatchAfterMinutes: 0 });
        return nodes[0]?.mismatches.includes("paid_without_erp_document") ? nodes : undefined;
      });
      expect(found.map((o) => o.id)).toEqual([guid]);
      expect(found[0]!.mismatches).toEqual(["paid_without_erp_document"]);
      expect(found[0]!.erpDocument).toBeNull();
      // Within the default grace time the order is still being worked on, not a mismatch.
      expect(await allPages(t, { mismatch: true })).toEqual([]);
    } finally {
      t.sandbox.erp.faults.clear();
    }
  });
});
