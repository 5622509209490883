import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  alertsOf,
  type DisputesHarness,
  decide,
  entries,
  linesOf,
  notes,
  openDispute,
  paidOrder,
  settle,
  startDisputes,
  wmsRequest,
} from "./disputes-harness.js";

const fee = 1500; // the emulator's dispute fee (packages/stripe-emulator/src/fees.ts)

describe.each(backends)("disputes end to end on $name", (backend) => {
  let t: DisputesHarness;
  beforeAll(async () => {
    t = await startDisputes(backend);
  });
  afterAll(() => t?.close());

  it("on an unshipped order: hold, note, ERP entry, alert, each once under duplicated, shuffled webhooks; won: reinstated and released", async () => {
    const { order, intent, requestId } = await paidOrder(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
    const dispute = await openDispute(t, intent);
    const amount = intent.amount;

    await waitFor(() => entries(t, dispute.id).length === 1 && alertsOf(t, "dispute.opened", dispute.id).length === 1);
    await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} opened`).length === 1);
    await settle(t);
    expect(wmsRequest(t, requestId)).toMatchObject({
      status: "on_hold",
      hold: { reason: expect.stringContaining(dispute.id) },
    });
    const [opened] = notes(t, order.id, `Stripe dispute ${dispute.id} opened`);
    expect(opened).toMatchObject({ displayToCustomer: false });
    expect(opened!.note).toContain(`Fulfillment request ${requestId} put on hold`);
    expect(opened!.note).toContain("product_not_received");
    const [withdrawal] = entries(t, dispute.id);
    expect(linesOf(withdrawal!)).toEqual([
      ["1100", amount, 0],
      ["6200", fee, 0],
      ["1050", 0, amount + fee],
    ]);
    expect(withdrawal!.lines.every((l) => l.currency === "USD")).toBe(true);
    expect(alertsOf(t, "dispute.opened", dispute.id)).toHaveLength(1);
    expect(alertsOf(t, "dispute.evidence_due_soon", dispute.id)).toHaveLength(0); // due in a week

    await decide(t, dispute.id, "won");
    await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} won`).length === 1);
    await settle(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });
    expect(wmsRequest(t, requestId).status).toBe("accepted");
    const [, reinstatement] = entries(t, dispute.id);
    expect(entries(t, dispute.id)).toHaveLength(2);
    expect(linesOf(reinstatement!)).toEqual([
      ["1050", amount, 0],
      ["1100", 0, amount],
    ]);
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(nop.orderStatusId).toBe(OrderStatus.Processing);
    expect(notes(t, order.id, `Stripe dispute ${dispute.id}`)).toHaveLength(2);
    expect(notes(t, order.id, "The fulfillment hold was released")).toHaveLength(1);
  });

  it("on a shipped order: no hold, and the note says so; lost: written off in the ERP, refunded in nop, not cancelled", async () => {
    const { order, intent, requestId } = await paidOrder(t);
    t.sandbox.wms.ship(requestId);
    await waitFor(() => t.sandbox.nop.getOrder(order.id)!.shipments.length === 1);
    const tracking = wmsRequest(t, requestId).shipment!.trackingNumber;
    const dispute = await openDispute(t, intent, "fraudulent");

    const opened = await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} opened`)[0]);
    expect(opened.note).toContain(`The order had already shipped (DHL ${tracking}): no hold.`);
    expect(wmsRequest(t, requestId).status).toBe("shipped");

    await t.systems.stripe.disputes.close(dispute.id); // the merchant accepts the dispute: lost
    await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} lost`).length === 1);
    await settle(t);
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.paymentStatusId).toBe(PaymentStatus.Refunded);
    expect(nop.refundedAmount).toBe(nop.orderTotal);
    expect(nop.orderStatusId).not.toBe(OrderStatus.Cancelled);
    const [withdrawal, loss] = entries(t, dispute.id);
    expect(entries(t, dispute.id)).toHaveLength(2);
    expect(linesOf(withdrawal!)[2]).toEqual(["1050", 0, intent.amount + fee]);
    expect(linesOf(loss!)).toEqual([
      ["6200", intent.amount, 0],
      ["1100", 0, intent.amount],
    ]);
  });

  it("lost after a partial refund (the customer refunded, then charged back in full): nop records only what was left", async () => {
    const { order, intent, requestId } = await paidOrder(t);
    t.sandbox.wms.ship(requestId);
    await waitFor(() => t.sandbox.nop.getOrder(order.id)!.shipments.length === 1);
    const refunded = Math.floor(intent.amount / 4);
    await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: refunded });
    await waitFor(() => t.sandbox.nop.getOrder(order.id)!.paymentStatusId === PaymentStatus.PartiallyRefunded);
    const dispute = await openDispute(t, intent, "fraudulent");
    expect(dispute.amount).toBe(intent.amount);

    await t.systems.stripe.disputes.close(dispute.id);
    await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} lost`).length === 1);
    await settle(t);
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.refundedAmount).toBe(nop.orderTotal);
    expect(nop.paymentStatusId).toBe(PaymentStatus.Refunded);
    expect(alertsOf(t, "dispute.nop_refused", dispute.id)).toEqual([]);
    // The ERP still writes off the whole disputed amount: that is what the bank took.
    expect(linesOf(entries(t, dispute.id)[1]!)).toEqual([
      ["6200", intent.amount, 0],
      ["1100", 0, intent.amount],
    ]);
  });

  it("disputed at once (a dispute test card): the request order-to-cash makes afterwards is held", async () => {
    const placed = t.sandbox.nop.placeOrder({ items: [{ productId: 1, quantity: 1 }] });
    const created = await t.flow.createPaymentIntent.forOrder({ nopOrderId: placed.id });
    const intent = await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, {
      payment_method: "pm_card_createDispute",
    });
    const [dispute] = (await t.systems.stripe.disputes.list({ payment_intent: intent.id })).data;
    const request = await waitFor(() =>
      t.sandbox.wms
        .fulfillmentRequests()
        .find((r) => r.orderReference === placed.orderGuid.toLowerCase() && r.status === "on_hold"),
    );
    expect(request.hold?.reason).toContain(dispute!.id);
    await waitFor(() => entries(t, dispute!.id).length === 1);
    await settle(t);
    expect(entries(t, dispute!.id)).toHaveLength(1);
    expect(notes(t, placed.id, `Stripe dispute ${dispute!.id} opened`)).toHaveLength(1);
  });

  it("lost on an unshipped order: the held request and the order cancelled, stock restored once, nothing reopened", async () => {
    const stock = () => t.sandbox.nop.products().find((p) => p.id === 1)!.stockQuantity;
    const { order, intent, requestId } = await paidOrder(t);
    const before = stock();
    const dispute = await openDispute(t, intent);
    await waitFor(() => wmsRequest(t, requestId).status === "on_hold");
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
    await decide(t, dispute.id, "lost");
    await waitFor(() => notes(t, order.id, `Stripe dispute ${dispute.id} lost`).length === 1);
    await settle(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });

    expect(wmsRequest(t, requestId).status).toBe("cancelled");
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop.orderStatusId).toBe(OrderStatus.Cancelled);
    expect(nop.paymentStatusId).toBe(PaymentStatus.Refunded);
    expect(nop.notes.filter((n) => n.note === "Order has been cancelled")).toHaveLength(1);
    expect(stock()).toBe(before + 1);
    expect(notes(t, order.id, "The held fulfillment was cancelled")).toHaveLength(1);
    expect(entries(t, dispute.id).map((e) => e.memo?.split(":")[0])).toEqual(["Chargeback", "Chargeback lost"]);

    // The whole story again, late: nothing changes.
    await t.disputes.advance(dispute.id);
    expect(t.sandbox.nop.getOrder(order.id)!.notes).toHaveLength(nop.notes.length);
    expect(stock()).toBe(before + 1);
  });
});
