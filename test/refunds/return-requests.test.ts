import { PaymentStatus, ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopReturnRequestId } from "@nop-stripe/contract/nop-ids.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { defaultRefundRules } from "../../sidecar/src/domain/refund-rules.js";
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

describe.each(backends)("refunds from return requests (RMA) on $name", (backend) => {
  let t: RefundsHarness;
  beforeAll(async () => {
    t = await startRefunds(backend);
  });
  afterAll(() => t?.close());

  it("a return authorized: one Stripe refund, recorded in nop, ItemsRefunded, stock back, one credit memo, a note", async () => {
    const product = t.sandbox.nop.products()[0]!;
    const { order, intent } = await paidOrder(t, { items: [{ productId: product.id, quantity: 2 }] });
    const stockBefore = t.sandbox.nop.products().find((p) => p.id === product.id)!.stockQuantity;
    const rr = returnItem(t, order, ReturnRequestStatus.ReturnAuthorized, 1);
    const nop = await waitFor(() => {
      const o = t.sandbox.nop.getOrder(order.id)!;
      return o.paymentStatusId === PaymentStatus.PartiallyRefunded && creditMemosOf(t, order.orderGuid).length > 0
        ? o
        : undefined;
    });
    await settle(t);
    const item = order.items[0]!;
    const expected = Math.round(Number(item.unitPriceInclTax) * 100); // one of two, no discount
    const refunds = await stripeRefundsOf(t, intent.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: expected, status: "succeeded" });
    expect(nop.refundedAmount).toBe((expected / 100).toFixed(2));
    expect(t.sandbox.nop.getOrder(order.id)!.notes.filter((n) => n.note.includes("partially refunded"))).toHaveLength(
      1,
    );
    await waitFor(() =>
      t.sandbox.nop.getOrder(order.id)!.notes.find((n) => n.displayToCustomer && n.note.includes("refund of")),
    );
    expect(creditMemosOf(t, order.orderGuid)).toEqual([
      expect.objectContaining({
        amount: expected,
        externalRef: refunds[0]!.id,
        lines: [expect.objectContaining({ orderItemId: item.id, quantity: 1, amount: expected })],
      }),
    ]);
    const views = await t.flows.refunds.readModel.forOrder(orderGuid(order.orderGuid));
    expect(views).toEqual([
      expect.objectContaining({
        origin: "rma",
        stripeState: "succeeded",
        nopState: "recorded",
        returnRequestId: rr.id,
      }),
    ]);
    expect(views[0]!.erpCreditMemo).toMatch(/^CM-/);
    const rrNow = await t.systems.nop.getReturnRequest({ returnRequestId: nopReturnRequestId(rr.id) });
    expect(rrNow.ok && rrNow.value.returnRequest.returnRequestStatusId).toBe(ReturnRequestStatus.ItemsRefunded);
    expect(t.sandbox.nop.products().find((p) => p.id === product.id)!.stockQuantity).toBe(stockBefore + 1);

    // The same return seen again (an event replayed, the status set again) changes nothing.
    t.sandbox.nop.setReturnRequestStatus(rr.id, ReturnRequestStatus.ReturnAuthorized, "again");
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toHaveLength(1);
    expect(creditMemosOf(t, order.orderGuid)).toHaveLength(1);
    expect(t.sandbox.nop.products().find((p) => p.id === product.id)!.stockQuantity).toBe(stockBefore + 1);
  }, 60_000);

  it("a whole order returned: its shipping too, and nop says Refunded", async () => {
    const { order, intent } = await paidOrder(t);
    returnItem(t, order);
    const nop = await waitFor(() => {
      const o = t.sandbox.nop.getOrder(order.id)!;
      return o.paymentStatusId === PaymentStatus.Refunded ? o : undefined;
    });
    expect(nop.refundedAmount).toBe(order.orderTotal);
    const refunds = await stripeRefundsOf(t, intent.id);
    expect(refunds.map((r) => r.amount)).toEqual([intent.amount]);
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
  }, 60_000);

  it("a return rejected or cancelled before approval moves nothing anywhere", async () => {
    const { order, intent } = await paidOrder(t);
    returnItem(t, order, ReturnRequestStatus.RequestRejected);
    const other = await paidOrder(t);
    returnItem(t, other.order, ReturnRequestStatus.Cancelled);
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toEqual([]);
    expect(await stripeRefundsOf(t, other.intent.id)).toEqual([]);
    expect(t.sandbox.nop.getOrder(order.id)!.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([]);
  }, 60_000);
});

describe.each(backends)("a store whose rule approves returns at Received, on $name", (backend) => {
  let t: RefundsHarness;
  beforeAll(async () => {
    const rules = { ...defaultRefundRules, stores: { "1": { approvedStatus: "Received" as const, restock: false } } };
    t = await startRefunds(backend, { refunds: { rules } });
  });
  afterAll(() => t?.close());

  it("moves no money at ReturnAuthorized, refunds once at Received", async () => {
    const { order, intent } = await paidOrder(t);
    const rr = returnItem(t, order, ReturnRequestStatus.ReturnAuthorized);
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toEqual([]);
    t.sandbox.nop.setReturnRequestStatus(rr.id, ReturnRequestStatus.Received, null);
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.amount)).toEqual([intent.amount]);
  }, 60_000);
});
