import { beforeEach, describe, expect, it } from "vitest";
import { OrderStatus, PaymentStatus } from "../../domain/nop-statuses.js";
import { defaultOrderToCashRules } from "../../domain/order-to-cash-rules.js";
import type { AggregateLock } from "../../flow-kit/aggregate-lock.js";
import { InMemoryHost, noLock } from "../../flow-kit/test-support/in-memory-host.js";
import { builtInOnly } from "../../mapping-versions/mapping-versions.js";
import { advanceOrder } from "./advance-order.js";
import { resolveOptions } from "./order-to-cash-options.js";
import { FakeErp, FakeNop, FakeNotifier, FakeWms } from "./test-support/fake-systems.js";
import { guid, sampleNopOrder, samplePayment } from "./test-support/fixtures.js";
import { InMemoryOrderToCashStore } from "./test-support/in-memory-store.js";

function setUp(lock?: AggregateLock, nopChanges = {}) {
  const store = new InMemoryOrderToCashStore();
  const nop = new FakeNop(sampleNopOrder(nopChanges));
  const erp = new FakeErp();
  const wms = new FakeWms();
  const notifier = new FakeNotifier();
  const host = new InMemoryHost("order-to-cash", lock);
  const options = resolveOptions({ publicUrl: () => "http://sidecar.test", rules: defaultOrderToCashRules });
  const advance = advanceOrder(host, {
    store,
    nop,
    erp,
    wms,
    notifier,
    enqueue: host.enqueue,
    failures: host.failures,
    mappings: builtInOnly,
    options,
  });
  return { store, nop, erp, wms, notifier, host, advance };
}

/** The order as placed, with its PaymentIntent in a status, as the event handlers leave it. */
async function known(t: ReturnType<typeof setUp>, status: Parameters<typeof samplePayment>[0], changes = {}) {
  await t.store.saveNopOrder(t.nop.order, 1, null);
  const { revision: _, declines, ...payment } = samplePayment(status, changes);
  await t.store.observePayment({ ...payment, newDeclines: declines });
  await t.store.linkPayment(guid, payment.paymentIntentId);
}

describe("advancing an order (planner, executor and lock, on in-memory fakes)", () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp();
  });

  it("takes a paid order through nopCommerce, the ERP and the WMS, each once, and a second run does nothing", async () => {
    await known(t, "succeeded");
    await t.advance.run(guid);
    expect(t.store.actions(guid)).toEqual(["mark-paid", "erp-sales-order", "erp-note", "wms-request"]);
    expect(t.nop.order.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(t.erp.calls).toEqual([`o2c:${guid}:erp-sales-order`]);
    expect(t.wms.requests.map((r) => r.key)).toEqual([`o2c:${guid}:wms-request`]);
    expect(t.nop.notes).toEqual(["ERP sales order SO-1 created."]);

    const callsBefore = t.nop.calls.length;
    await t.advance.run(guid);
    expect(t.nop.calls).toHaveLength(callsBefore);
    expect(t.erp.calls).toHaveLength(1);
  });

  it("runs two advances of one order one after the other: one ERP call", async () => {
    await known(t, "succeeded");
    let release = () => {};
    t.erp.gate = new Promise((resolve) => (release = resolve));
    const first = t.advance.run(guid);
    const second = t.advance.run(guid);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.erp.calls).toHaveLength(1); // the second waits for the first, which waits for the ERP
    release();
    await Promise.all([first, second]);
    expect(t.erp.calls).toHaveLength(1);
    expect(t.wms.requests).toHaveLength(1);
  });

  it("without the lock, the same two advances both call the ERP (what the lock is for)", async () => {
    t = setUp(noLock);
    await known(t, "succeeded");
    let release = () => {};
    t.erp.gate = new Promise((resolve) => (release = resolve));
    const runs = [t.advance.run(guid), t.advance.run(guid)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all(runs);
    expect(t.erp.calls).toHaveLength(2);
  });

  it("a payment for an order nopCommerce cancelled: refused there, logged, alerted, nothing booked", async () => {
    t = setUp(undefined, { orderStatusId: OrderStatus.Cancelled });
    t.nop.refuse.add("markOrderPaid");
    await known(t, "succeeded");
    await t.advance.run(guid);
    expect(t.store.actions(guid)).toEqual(["mark-paid"]);
    expect(t.store.log.at(-1)?.detail).toMatchObject({ refused: "CanmarkOrderPaid" });
    expect(t.notifier.alerts.map((a) => a.code)).toEqual(["order_to_cash.nop_refused"]);
    expect(t.erp.calls).toEqual([]);
  });

  it("a decline: a note the customer sees, an alert, and one cancel-unpaid timer", async () => {
    const decline = { id: "ch_1", code: "card_declined", declineCode: "generic_decline", message: "Declined." };
    await known(t, "requires_payment_method", { declines: [decline] });
    await t.advance.run(guid);
    await t.advance.run(guid);
    expect(t.nop.notes).toEqual(["Payment declined (generic_decline): Declined. You can retry with another card."]);
    expect(t.notifier.alerts.map((a) => a.code)).toEqual(["payment.declined"]);
    expect(t.host.enqueued.map((j) => j.id)).toEqual([`order-to-cash.cancel-unpaid~${guid}`]);
  });

  it("money held for an order nopCommerce never described: a check after the grace time, no write-back", async () => {
    const { revision: _, declines: __, ...payment } = samplePayment("succeeded");
    await t.store.observePayment({ ...payment, newDeclines: [] });
    await t.store.linkPayment(guid, payment.paymentIntentId);
    await t.advance.run(guid);
    expect(t.host.enqueued).toMatchObject([{ id: `order-to-cash.unknown-order~${guid}`, delayMs: 300_000 }]);
    expect(t.nop.calls).toEqual([]);
  });
});
