import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { pluginRefundCall } from "@nop-stripe/nop-simulator/plugin-refund-call.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
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

describe.each(backends)("refunds from the nop admin and the Stripe dashboard on $name", (backend) => {
  let t: RefundsHarness;
  beforeAll(async () => {
    t = await startRefunds(backend);
  });
  afterAll(() => t?.close());

  const notes = (id: number, text: string) => t.sandbox.nop.getOrder(id)!.notes.filter((n) => n.note.includes(text));

  it("the admin's Refund button: one Stripe refund, nop records it once (itself), one credit memo", async () => {
    const { order, intent } = await paidOrder(t);
    const refunded = await t.sandbox.nop.refundOrder(order.id);
    expect(refunded).toMatchObject({
      ok: true,
      value: { paymentStatusId: PaymentStatus.Refunded, refundedAmount: order.orderTotal },
    });
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    const refunds = await stripeRefundsOf(t, intent.id);
    expect(refunds.map((r) => r.amount)).toEqual([intent.amount]);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([expect.objectContaining({ amount: intent.amount })]);
    expect(notes(order.id, "Order has been refunded")).toHaveLength(1);
    expect(notes(order.id, "marked as refunded")).toEqual([]); // the flow did not record it a second time
    const again = await t.systems.nop.recordRefund({
      orderId: nopOrderId(order.id),
      kind: "full",
      amount: decimalString(order.orderTotal),
      refundId: refunds[0]!.id,
    });
    expect(again.ok && again.value.alreadyApplied).toBe(true);
    const [view] = await t.flows.refunds.readModel.forOrder(orderGuid(order.orderGuid));
    expect(view).toMatchObject({ origin: "admin", stripeState: "succeeded", nopState: "recorded_by_nopcommerce" });
  }, 60_000);

  it("two partial refunds of the same amount both go through; the same plugin request twice is one refund", async () => {
    const { order, intent } = await paidOrder(t);
    expect((await t.sandbox.nop.refundOrder(order.id, "1.00")).ok).toBe(true);
    expect((await t.sandbox.nop.refundOrder(order.id, "1.00")).ok).toBe(true);
    const call = pluginRefundCall(() => t.url, t.sandbox.bridgeSecret);
    const retry = {
      orderGuid: order.orderGuid,
      refundedSoFar: "2.00",
      amount: decimalString("1.00"),
      isPartialRefund: true,
    };
    const [first, second] = await Promise.all([call(retry), call(retry)]);
    expect(second.refundId).toBe(first.refundId);
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 3 ? true : undefined));
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.amount)).toEqual([100, 100, 100]);
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop).toMatchObject({ paymentStatusId: PaymentStatus.PartiallyRefunded, refundedAmount: "2.00" });
    expect(nop.orderStatusId).not.toBe(40); // a partial refund never cancels the order
  }, 60_000);

  it("refuses an over-refund and another payment method before Stripe is called, naming why", async () => {
    const { order, intent } = await paidOrder(t);
    const post = async (guid: string, amount: string, id: string) => {
      const body = JSON.stringify({ orderGuid: guid, amount, isPartialRefund: true });
      const res = await fetch(`${t.url}/bridge/payments/refund`, {
        method: "POST",
        headers: { "content-type": "application/json", ...signWebhook(t.sandbox.bridgeSecret, id, body, Date.now()) },
        body,
      });
      return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
    };
    const over = (Number(order.orderTotal) + 0.01).toFixed(2);
    const refused = await post(order.orderGuid, over, "over-1");
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toMatch(/exceeds what is left to refund/);
    const other = t.sandbox.nop.placeOrder({ paymentMethodSystemName: "Payments.CheckMoneyOrder" });
    await settle(t);
    await waitFor(() => t.flows.refunds.currencyOf(orderGuid(other.orderGuid)).then(() => true));
    const cheque = await post(other.orderGuid, "1.00", "cheque-1");
    expect(cheque.status).toBe(422);
    expect(cheque.body.error?.message).toMatch(/paid with Payments\.CheckMoneyOrder, not through Stripe/);
    expect(await stripeRefundsOf(t, intent.id)).toEqual([]);
  }, 60_000);

  it("a refund made in the Stripe dashboard: recorded in nop and the ERP, never refunded again", async () => {
    const { order, intent } = await paidOrder(t);
    const refund = await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: 150 });
    const nop = await waitFor(() => {
      const o = t.sandbox.nop.getOrder(order.id)!;
      return o.refundedAmount === "1.50" && creditMemosOf(t, order.orderGuid).length === 1 ? o : undefined;
    });
    expect(nop.paymentStatusId).toBe(PaymentStatus.PartiallyRefunded);
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.id)).toEqual([refund.id]);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([
      expect.objectContaining({ amount: 150, externalRef: refund.id }),
    ]);
    expect(notes(order.id, "partially refunded")).toHaveLength(1);
    const [view] = await t.flows.refunds.readModel.forOrder(orderGuid(order.orderGuid));
    expect(view).toMatchObject({ origin: "dashboard", stripeRefundId: refund.id, nopState: "recorded" });
  }, 60_000);
});
