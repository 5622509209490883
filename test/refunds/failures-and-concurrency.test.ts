import { PaymentStatus, ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { money } from "../../sidecar/src/domain/money.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  creditMemosOf,
  paidOrder,
  type RefundsHarness,
  returnItem,
  settle,
  startRefunds,
  stripeRefundsOf,
} from "./refunds-harness.js";

describe.each(backends)("failed refunds and concurrent requests on $name", (backend) => {
  let t: RefundsHarness;
  beforeAll(async () => {
    t = await startRefunds(backend);
  });
  afterAll(() => t?.close());

  const failRefund = async (id: string) => {
    const res = await fetch(`${t.sandbox.stripe.url}/_emulator/refunds/${id}/fail`, { method: "POST" });
    expect(res.ok).toBe(true);
  };
  const notes = (id: number, text: string) => t.sandbox.nop.getOrder(id)!.notes.filter((n) => n.note.includes(text));

  it("a refund that failed before the sidecar saw it: an alert and a note, nop never told money went back", async () => {
    const { order, intent } = await paidOrder(t);
    t.sandbox.stripe.setDeliveryMode({ paused: true });
    const refund = await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
    await failRefund(refund.id);
    t.sandbox.stripe.setDeliveryMode({ paused: false });
    await waitFor(() => notes(order.id, `${refund.id}`).length > 0 || undefined);
    await settle(t);
    const nop = t.sandbox.nop.getOrder(order.id)!;
    expect(nop).toMatchObject({ paymentStatusId: PaymentStatus.Paid, refundedAmount: "0.00" });
    expect(notes(order.id, "is failed")).toHaveLength(1);
    expect(t.alerts.filter((a) => a.code === "refunds.failed" && a.message.includes(refund.id))).toHaveLength(1);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([]);
    const [view] = await t.flows.refunds.readModel.forOrder(orderGuid(order.orderGuid));
    expect(view).toMatchObject({
      stripeState: "failed",
      nopState: "not_recorded",
      failureReason: "expired_or_canceled_card",
    });
  }, 60_000);

  it("an admin refund that fails later: a critical alert and a note that it must be redone", async () => {
    const { order, intent } = await paidOrder(t);
    expect((await t.sandbox.nop.refundOrder(order.id, "3.00")).ok).toBe(true);
    const [refund] = await stripeRefundsOf(t, intent.id);
    await settle(t);
    await failRefund(refund!.id);
    await waitFor(() => notes(order.id, "must be redone").length > 0 || undefined);
    await settle(t);
    expect(notes(order.id, "must be redone")).toHaveLength(1);
    expect(t.alerts.filter((a) => a.code === "refunds.failed" && a.message.includes(refund!.id))).toHaveLength(1);
  }, 60_000);

  it("two events for one return at once make one refund", async () => {
    const { order, intent } = await paidOrder(t);
    const rr = returnItem(t, order, ReturnRequestStatus.ReturnAuthorized);
    await Promise.all([t.flows.refunds.returnRequestSeen(rr), t.flows.refunds.returnRequestSeen(rr)]);
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toHaveLength(1);
    expect(creditMemosOf(t, order.orderGuid)).toHaveLength(1);
    expect(t.sandbox.nop.getOrder(order.id)!.paymentStatusId).toBe(PaymentStatus.Refunded);
  }, 60_000);

  it("two distinct refunds of the same amount at once both succeed; the same request twice is one", async () => {
    const { order, intent } = await paidOrder(t);
    const guid = orderGuid(order.orderGuid);
    const amount = money(125, intent.currency);
    const ask = (requestId: string) =>
      t.flows.refunds.refund({ orderGuid: guid, amount, reason: "goodwill", requestId, actor: "test" });
    const [a, b, a2] = await Promise.all([ask("a"), ask("b"), ask("a")]);
    expect(a.stripeRefundId).not.toBe(b.stripeRefundId);
    expect(a2.stripeRefundId).toBe(a.stripeRefundId);
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 2 ? true : undefined));
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.amount)).toEqual([125, 125]);
    expect(t.sandbox.nop.getOrder(order.id)!.refundedAmount).toBe("2.50");
  }, 60_000);
});
