import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid } from "../../sidecar/src/domain/ids.js";
import { erpOrdersFor, nopOrder, notesOf } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { decidedReview, placeAndAuthorize, type RiskHarness, startRisk } from "./risk-harness.js";

describe.each(backends)("risk decisions end to end on $name", (backend) => {
  let t: RiskHarness;
  beforeAll(async () => {
    t = await startRisk(backend);
    // Every webhook twice, in shuffled order: each decision and effect still happens once.
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
  });
  afterAll(() => t?.close());

  const intentOf = (id: string) => t.systems.stripe.paymentIntents.retrieve(id);
  const risk = () => t.flows.risk;

  it("low risk: authorized with manual capture, captured at once, the order Paid and booked once", async () => {
    const { order, intent } = await placeAndAuthorize(t, "pm_card_visa");
    expect(intent.capture_method).toBe("manual");
    expect(intent.metadata.sidecar_risk).toBe("decide");
    await waitFor(async () => (await intentOf(intent.id)).status === "succeeded");
    await waitFor(
      () => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0,
    );
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    const captured = await intentOf(intent.id);
    expect(captured.amount_received).toBe(intent.amount);
    expect(nopOrder(t, order.id).notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);
    expect(await risk().readModel.byOrder(orderGuid(order.orderGuid))).toBeUndefined();
  });

  it("elevated risk: the review queue, then a reviewer's approval captures it once", async () => {
    const { order, intent } = await placeAndAuthorize(t, "pm_card_riskLevelElevated");
    const guid = orderGuid(order.orderGuid);
    const review = await decidedReview(risk(), guid);
    expect(review.status).toBe("open");
    expect(review.decision?.band).toBe("review");
    expect(review.decision?.signals.length).toBeGreaterThan(0);
    expect(review.decision?.narrative).toMatch(/\w/);
    expect((await intentOf(intent.id)).status).toBe("requires_capture");
    const open = await risk().readModel.list("open", 50);
    expect(open.map((r) => r.orderGuid)).toContain(guid);

    await risk().reviews.claim(guid, "reviewer:ann");
    await expect(risk().reviews.approve(guid, "reviewer:bob")).rejects.toThrow(/claimed by reviewer:ann/);
    const approved = await risk().reviews.approve(guid, "reviewer:ann");
    expect(approved.status).toBe("approved");
    await expect(risk().reviews.approve(guid, "reviewer:ann")).rejects.toThrow(/is approved/);
    await waitFor(
      () => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0,
    );
    expect((await intentOf(intent.id)).status).toBe("succeeded");
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
  });

  it("rejected, then blocklisted: the next payment by that e-mail is high risk, cancelled as fraudulent, the order cancelled with a note", async () => {
    const email = `fraudster-${crypto.randomUUID()}@example.com`;
    const first = await placeAndAuthorize(t, "pm_card_riskLevelElevated", email);
    const firstGuid = orderGuid(first.order.orderGuid);
    await decidedReview(risk(), firstGuid);
    const rejected = await risk().reviews.reject(firstGuid, "reviewer:ann", ["email"]);
    expect(rejected.status).toBe("rejected");
    await waitFor(async () => (await intentOf(first.intent.id)).status === "canceled");
    expect((await intentOf(first.intent.id)).cancellation_reason).toBe("fraudulent");
    await waitFor(() => nopOrder(t, first.order.id).orderStatusId === OrderStatus.Cancelled);
    await waitFor(() => notesOf(t, first.order.id, "rejected in risk review by reviewer:ann").length > 0);

    const second = await placeAndAuthorize(t, "pm_card_visa", email);
    await waitFor(async () => (await intentOf(second.intent.id)).status === "canceled");
    expect((await intentOf(second.intent.id)).cancellation_reason).toBe("fraudulent");
    await waitFor(() => nopOrder(t, second.order.id).orderStatusId === OrderStatus.Cancelled);
    await waitFor(() => notesOf(t, second.order.id, "Payment cancelled as fraudulent by the risk score").length > 0);
    expect(notesOf(t, second.order.id, "Payment cancelled as fraudulent")).toHaveLength(1);
    expect(erpOrdersFor(t, second.order.orderGuid)).toHaveLength(0);
    expect(await risk().readModel.byOrder(orderGuid(second.order.orderGuid))).toBeUndefined();
  });

  it("a batch at once: 8 low captured and 4 elevated approved, each paid, booked and captured exactly once", async () => {
    const erpCalls = () => t.sandbox.erp.requests.count("POST", "/sales-orders");
    const before = erpCalls();
    const low = await Promise.all(Array.from({ length: 8 }, () => placeAndAuthorize(t, "pm_card_visa")));
    const elevated = await Promise.all(
      Array.from({ length: 4 }, () => placeAndAuthorize(t, "pm_card_riskLevelElevated")),
    );
    for (const { order } of elevated) {
      const guid = orderGuid(order.orderGuid);
      await decidedReview(risk(), guid);
      await risk().reviews.approve(guid, "reviewer:ann");
    }
    const all = [...low, ...elevated];
    await waitFor(
      () =>
        all.every(
          ({ order }) =>
            erpOrdersFor(t, order.orderGuid).length === 1 &&
            nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid,
        ),
      { timeoutMs: 60_000 },
    );
    for (const { order, intent } of all) {
      const captured = await intentOf(intent.id);
      expect(captured).toMatchObject({ status: "succeeded", amount_received: intent.amount });
      expect(nopOrder(t, order.id).notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);
    }
    expect(erpCalls() - before).toBe(all.length);
  }, 90_000);
});
