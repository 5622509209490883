import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  alertsOf,
  type DisputesHarness,
  decide,
  entries,
  notes,
  openDispute,
  paidOrder,
  settle,
  startDisputes,
  wmsRequest,
} from "./disputes-harness.js";

const count = 20;

describe.each(backends)("many disputes under duplicated, shuffled webhooks on $name", (backend) => {
  let t: DisputesHarness;
  beforeAll(async () => {
    t = await startDisputes(backend);
  });
  afterAll(() => t?.close());

  it(`${count} disputes, half won and half lost: every effect exactly once, every system agreeing`, async () => {
    const paid: Awaited<ReturnType<typeof paidOrder>>[] = [];
    for (let i = 0; i < count; i += 10)
      paid.push(...(await Promise.all(Array.from({ length: 10 }, () => paidOrder(t)))));
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
    const started = Date.now();
    const disputes = await Promise.all(paid.map(({ intent }) => openDispute(t, intent)));
    await waitFor(() => paid.every(({ requestId }) => wmsRequest(t, requestId).status === "on_hold"), {
      timeoutMs: 30_000,
    });
    await waitFor(() => disputes.every((d) => entries(t, d.id).length === 1), { timeoutMs: 30_000 });
    const opened = Date.now() - started;
    await Promise.all(disputes.map((d, i) => decide(t, d.id, i % 2 === 0 ? "won" : "lost")));
    await waitFor(
      () =>
        paid.every(
          ({ order }, i) =>
            notes(t, order.id, `Stripe dispute ${disputes[i]!.id} ${i % 2 === 0 ? "won" : "lost"}`).length === 1,
        ),
      {
        timeoutMs: 30_000,
      },
    );
    await settle(t);
    t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });

    paid.forEach(({ order, requestId }, i) => {
      const dispute = disputes[i]!;
      const won = i % 2 === 0;
      const nop = t.sandbox.nop.getOrder(order.id)!;
      expect(notes(t, order.id, `Stripe dispute ${dispute.id}`)).toHaveLength(2);
      expect(alertsOf(t, "dispute.opened", dispute.id)).toHaveLength(1);
      expect(entries(t, dispute.id).map((e) => e.memo?.split(":")[0])).toEqual(
        won ? ["Chargeback", "Chargeback won, funds reinstated"] : ["Chargeback", "Chargeback lost"],
      );
      expect(wmsRequest(t, requestId).status).toBe(won ? "accepted" : "cancelled");
      expect(nop.orderStatusId).toBe(won ? OrderStatus.Processing : OrderStatus.Cancelled);
      expect(nop.paymentStatusId).toBe(won ? PaymentStatus.Paid : PaymentStatus.Refunded);
      expect(nop.notes.filter((n) => n.note === "Order has been cancelled")).toHaveLength(won ? 0 : 1);
    });
    // Every dispute webhook of these disputes came twice (the emulator's duplicate); each was acted on once.
    const ids = new Set(disputes.map((d) => d.id));
    const sent = t.sandbox.stripe
      .deliveries()
      .filter((d) => d.eventType.startsWith("charge.dispute.") && d.status === "succeeded");
    const duplicated = sent.filter((d) => d.attempts.some((a) => a.duplicate));
    expect(duplicated.length).toBeGreaterThanOrEqual(count * 3); // created, funds_withdrawn, closed at least
    expect(ids.size).toBe(count);
    expect(opened).toBeLessThan(30_000);
  });
});
