import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { PaymentStatus, ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopReturnRequestId } from "@nop-stripe/contract/nop-ids.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
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

/** The emulator's refund test cards (docs.stripe.com/testing#refunds). */
const pendingRefundCard = "pm_card_pendingRefund"; // 4000000000007726: pending, succeeds when settled
const refundFailCard = "pm_card_refundFail"; // 4000000000005126: succeeded, fails when settled

describe.each(backends)("pending, requires_action, canceled and failed refunds end to end on $name", (backend) => {
  let t: RefundsHarness;
  let finance: string;
  beforeAll(async () => {
    t = await startRefunds(backend);
    finance = await createTestToken(t.sidecar, "finance");
  });
  afterAll(() => t?.close());

  const emulator = async (path: string) => {
    const res = await fetch(`${t.sandbox.stripe.url}/_emulator/refunds/${path}`, { method: "POST" });
    expect(res.ok).toBe(true);
    return (await res.json()) as Stripe.Refund;
  };
  const notes = (id: number, text: string) => t.sandbox.nop.getOrder(id)!.notes.filter((n) => n.note.includes(text));
  const alertsFor = (code: string, refundId: string) =>
    t.alerts.filter((a) => a.code === code && a.message.includes(refundId));
  const returnStatus = async (id: number) => {
    const rr = await t.systems.nop.getReturnRequest({ returnRequestId: nopReturnRequestId(id) });
    if (!rr.ok) throw new Error(rr.error.message);
    return rr.value.returnRequest.returnRequestStatusId;
  };
  const refundsInGraphql = async (guid: string) => {
    const answer = await graphqlAs<{ order: { refunds: { id: string; stripeState: string; nopState: string }[] } }>(
      t.url,
      finance,
      `{ order(guid: "${guid}") { refunds { id stripeState nopState } } }`,
    );
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.order.refunds;
  };
  /** Nop never told money went back, the return still approved, no credit memo. */
  const expectNothingRefundedYet = async (order: NopOrderDetail, returnRequestId: number) => {
    expect(t.sandbox.nop.getOrder(order.id)).toMatchObject({
      paymentStatusId: PaymentStatus.Paid,
      refundedAmount: "0.00",
    });
    expect(await returnStatus(returnRequestId)).toBe(ReturnRequestStatus.ReturnAuthorized);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([]);
  };
  const onlyRefund = async (intentId: string) => {
    const refunds = await waitFor(async () => {
      const all = await stripeRefundsOf(t, intentId);
      return all.length > 0 ? all : undefined;
    });
    expect(refunds).toHaveLength(1);
    return refunds[0]!;
  };

  it("a return refunded on a pending refund: nothing recorded while pending (visible, noted, alerted once), recorded once it settles", async () => {
    const { order, intent } = await paidOrder(t, {}, pendingRefundCard);
    const rr = returnItem(t, order);
    const refund = await onlyRefund(intent.id);
    expect(refund.status).toBe("pending");
    await waitFor(() => notes(order.id, `${refund.id}`).length > 0 || undefined);
    await settle(t);
    await expectNothingRefundedYet(order, rr.id);
    expect(notes(order.id, "is pending")).toHaveLength(1);
    expect(alertsFor("refunds.pending", refund.id)).toHaveLength(1);
    expect(await refundsInGraphql(order.orderGuid)).toEqual([
      { id: `rma:${rr.id}`, stripeState: "pending", nopState: "not_recorded" },
    ]);

    expect((await emulator(`${refund.id}/settle`)).status).toBe("succeeded");
    await waitFor(() =>
      t.sandbox.nop.getOrder(order.id)!.paymentStatusId === PaymentStatus.Refunded &&
      creditMemosOf(t, order.orderGuid).length === 1
        ? true
        : undefined,
    );
    await settle(t);
    expect(t.sandbox.nop.getOrder(order.id)!.refundedAmount).toBe(order.orderTotal);
    expect(await returnStatus(rr.id)).toBe(ReturnRequestStatus.ItemsRefunded);
    expect(notes(order.id, "is pending")).toHaveLength(1);
    expect(alertsFor("refunds.pending", refund.id)).toHaveLength(1);
    expect(await refundsInGraphql(order.orderGuid)).toEqual([
      { id: `rma:${rr.id}`, stripeState: "succeeded", nopState: "recorded" },
    ]);
  }, 60_000);

  it("requires_action then canceled: alerted and noted, nop never told, the return stays approved; approving it again refunds anew, once", async () => {
    const { order, intent } = await paidOrder(t, {}, pendingRefundCard);
    const rr = returnItem(t, order);
    const first = await onlyRefund(intent.id);
    await settle(t);
    expect((await emulator(`${first.id}/require_action`)).status).toBe("requires_action");
    await waitFor(() => alertsFor("refunds.requires_action", first.id).length > 0 || undefined);
    expect((await t.systems.stripe.refunds.cancel(first.id)).status).toBe("canceled");
    await waitFor(() => notes(order.id, "is canceled").length > 0 || undefined);
    await settle(t);
    await expectNothingRefundedYet(order, rr.id);
    expect(notes(order.id, "is requires_action")).toHaveLength(1);
    expect(notes(order.id, "Approve it again to make a new refund")).toHaveLength(1);
    expect(alertsFor("refunds.requires_action", first.id)).toHaveLength(1);
    expect(alertsFor("refunds.canceled", first.id)).toHaveLength(1);
    expect(await refundsInGraphql(order.orderGuid)).toEqual([
      { id: `rma:${rr.id}`, stripeState: "canceled", nopState: "not_recorded" },
    ]);

    // The approval that made the canceled refund, seen again (a replayed event), makes no second one.
    await t.flows.refunds.returnRequestSeen(rr);
    await settle(t);
    expect(await stripeRefundsOf(t, intent.id)).toHaveLength(1);

    // The merchant approves the return again: a new refund, which settles and is recorded once.
    t.sandbox.nop.setReturnRequestStatus(rr.id, ReturnRequestStatus.Pending, null);
    const again = t.sandbox.nop.setReturnRequestStatus(rr.id, ReturnRequestStatus.ReturnAuthorized, "approved again");
    if (!again.ok) throw new Error(JSON.stringify(again));
    await Promise.all([t.flows.refunds.returnRequestSeen(again.value), t.flows.refunds.returnRequestSeen(again.value)]);
    const second = await waitFor(async () =>
      (await stripeRefundsOf(t, intent.id)).find((r) => r.id !== first.id && r.status === "pending"),
    );
    await settle(t);
    await emulator(`${second.id}/settle`);
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    expect((await stripeRefundsOf(t, intent.id)).map((r) => r.status).sort()).toEqual(["canceled", "succeeded"]);
    expect(t.sandbox.nop.getOrder(order.id)).toMatchObject({
      paymentStatusId: PaymentStatus.Refunded,
      refundedAmount: order.orderTotal,
    });
    expect(await returnStatus(rr.id)).toBe(ReturnRequestStatus.ItemsRefunded);
    expect(creditMemosOf(t, order.orderGuid)).toEqual([expect.objectContaining({ externalRef: second.id })]);
    expect(await refundsInGraphql(order.orderGuid)).toEqual([
      { id: `rma:${rr.id}`, stripeState: "canceled", nopState: "not_recorded" },
      { id: `rma:${rr.id}:2`, stripeState: "succeeded", nopState: "recorded" },
    ]);
  }, 90_000);

  it("an admin-button refund on the refundFail card: succeeded, then failed -> a critical alert and a note to redo it", async () => {
    const { order, intent } = await paidOrder(t, {}, refundFailCard);
    expect((await t.sandbox.nop.refundOrder(order.id, "3.00")).ok).toBe(true);
    const refund = await onlyRefund(intent.id);
    expect(refund.status).toBe("succeeded");
    await waitFor(() => (creditMemosOf(t, order.orderGuid).length === 1 ? true : undefined));
    await settle(t);
    expect((await emulator(`${refund.id}/settle`)).status).toBe("failed");
    await waitFor(() => notes(order.id, "must be redone").length > 0 || undefined);
    await settle(t);
    expect(notes(order.id, "must be redone")).toHaveLength(1);
    const failed = alertsFor("refunds.failed", refund.id);
    expect(failed).toEqual([expect.objectContaining({ severity: "critical" })]);
    expect(await refundsInGraphql(order.orderGuid)).toEqual([
      expect.objectContaining({ stripeState: "failed", nopState: "recorded_by_nopcommerce" }),
    ]);
  }, 60_000);
});
