import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { type O2cHarness, placeAndPay, startO2c } from "./o2c-harness.js";

async function payMany(t: O2cHarness, count: number): Promise<NopOrderDetail[]> {
  const orders: NopOrderDetail[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, () => placeAndPay(t, "pm_card_visa")),
    );
    orders.push(...batch.map((b) => b.order));
  }
  return orders;
}

/** Every order Paid and Processing in nop, with one paid note; one ERP order and one WMS request each. */
async function expectExactlyOnce(t: O2cHarness, orders: NopOrderDetail[], timeoutMs: number) {
  const guids = new Set(orders.map((o) => o.orderGuid.toLowerCase()));
  await waitFor(
    () => {
      const wms = t.sandbox.wms.fulfillmentRequests().filter((r) => guids.has(r.orderReference));
      return wms.length >= orders.length;
    },
    { timeoutMs },
  );
  const erp = t.sandbox.erp.salesOrders().filter((s) => guids.has(s.externalRef));
  expect(erp).toHaveLength(orders.length);
  expect(new Set(erp.map((s) => s.externalRef)).size).toBe(orders.length);
  const wms = t.sandbox.wms.fulfillmentRequests().filter((r) => guids.has(r.orderReference));
  expect(wms).toHaveLength(orders.length);
  for (const order of orders) {
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(nop.orderStatusId).toBe(OrderStatus.Processing);
    expect(nop.notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);
    await waitFor(() => t.sandbox.nop.getOrder(order.id)!.notes.some((n) => n.note.startsWith("ERP sales order")));
    expect(t.sandbox.nop.getOrder(order.id)!.notes.filter((n) => n.note.startsWith("ERP sales order"))).toHaveLength(1);
    const [sales] = erp.filter((s) => s.externalRef === order.orderGuid.toLowerCase());
    expect(sales?.totals.total).toBe(Number(order.orderTotal.replace(".", "")));
  }
}

describe.each(backends)("order-to-cash under duplicated, shuffled webhooks on $name", (backend) => {
  const count = backend.name === "embedded" ? 60 : 200;
  let t: O2cHarness;
  beforeAll(async () => {
    // The attempts of the harness (5) are far fewer than the outage below lasts: parked jobs do not spend them.
    t = await startO2c(backend, {}, { BREAKER_COOLDOWN_MS: "300", BREAKER_COOLDOWN_MAX_MS: "1500" });
  });
  afterAll(() => t?.close());

  it("refuses an oversized payment call with 413 naming the route's own limit", async () => {
    const res = await fetch(`${t.url}/bridge/payments/create-intent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(300_000),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { reason: "too_large", message: "body larger than 262144 bytes" } });
  });

  it(`every webhook twice and shuffled for ${count} orders: each effect exactly once`, async () => {
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
    const erpCalls = () => t.sandbox.erp.requests.count("POST", "/sales-orders");
    const erpBefore = erpCalls();
    const orders = await payMany(t, count);
    await expectExactlyOnce(t, orders, 120_000);
    // Every event of an order advances it, but one run at a time: the ERP is asked once per order, not raced.
    expect(erpCalls() - erpBefore).toBe(orders.length);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });
  }, 240_000);

  it("ERP down during 100 orders: parked after a few calls, one alert each way, all booked once it is back", async () => {
    const alertCodes = () => t.alerts.map((a) => a.code).filter((code) => code.startsWith("erp."));
    const alertsBefore = alertCodes().length;
    const erpCalls = () => t.sandbox.erp.requests.count("POST", "/sales-orders");
    t.sandbox.erp.faults.set({ mode: "error", status: 503 });
    let orders: NopOrderDetail[];
    let callsWhileDown: number;
    try {
      const callsBefore = erpCalls();
      orders = await payMany(t, 100);
      // Payments go on without the ERP: every order is Paid in nop while the ERP is down.
      await waitFor(() => orders.every((o) => t.sandbox.nop.getOrder(o.id)!.paymentStatusId === PaymentStatus.Paid), {
        timeoutMs: 120_000,
      });
      // Down "for a while": several probes' worth, with every order's job parked rather than retrying. In the
      // quiet, one probe per cooldown (1.5 s here), each tried 4 times by the adapter: about 3 calls a second.
      const quietFrom = erpCalls();
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(erpCalls() - quietFrom).toBeLessThanOrEqual(16);
      callsWhileDown = erpCalls() - callsBefore;
      const guids = new Set(orders.map((o) => o.orderGuid.toLowerCase()));
      expect(t.sandbox.erp.salesOrders().filter((s) => guids.has(s.externalRef))).toHaveLength(0);
      expect(alertCodes().slice(alertsBefore)).toEqual(["erp.unreachable"]);
    } finally {
      t.sandbox.erp.faults.clear();
    }
    // Not hammered: fewer calls than orders in all (a few open the breaker, then the probes).
    expect(callsWhileDown).toBeLessThan(orders.length);
    await expectExactlyOnce(t, orders, 180_000);
    expect(alertCodes().slice(alertsBefore)).toEqual(["erp.unreachable", "erp.recovered"]);
    const dead = await t.sidecar.db.prisma.deadLetter.count({ where: { status: "open" } });
    expect(dead).toBe(0);
    expect(await t.sidecar.db.prisma.parkedJob.count({ where: { releasedAt: null } })).toBe(0);
  }, 300_000);
});
