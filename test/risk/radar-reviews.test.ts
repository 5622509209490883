import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderGuid, orderGuid } from "../../sidecar/src/domain/ids.js";
import { erpOrdersFor, nopOrder } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { decidedReview, placeAndAuthorize, type RiskHarness, startRisk } from "./risk-harness.js";

/** Stripe Radar reviews (the emulator's `review.opened` / `review.closed`) in the same queue, every webhook twice. */
describe.each(backends)("Stripe Radar reviews end to end on $name", (backend) => {
  let t: RiskHarness;
  beforeAll(async () => {
    t = await startRisk(backend);
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
  });
  afterAll(() => t?.close());

  const risk = () => t.flows.risk;
  const intentOf = (id: string) => t.systems.stripe.paymentIntents.retrieve(id);
  const paidNotes = (nopOrderId: number) =>
    nopOrder(t, nopOrderId).notes.filter((n) => n.note === "Order has been marked as paid");

  /** An elevated-risk payment: scored for review, and a Radar review opened on it in Stripe, linked to ours. */
  async function inRadarReview() {
    const placed = await placeAndAuthorize(t, "pm_card_riskLevelElevated");
    const guid = orderGuid(placed.order.orderGuid);
    await decidedReview(risk(), guid);
    const review = await waitFor(async () => {
      const r = await risk().readModel.byOrder(guid);
      return r?.radarReviewId ? r : undefined;
    });
    const radar = await t.systems.stripe.reviews.retrieve(review.radarReviewId!);
    expect(radar).toMatchObject({ open: true, reason: "rule", payment_intent: placed.intent.id });
    return { ...placed, guid, radarReviewId: review.radarReviewId! };
  }

  const queued = async (guid: OrderGuid) =>
    (await risk().readModel.list("open", 100)).filter((r) => r.orderGuid === guid).length;

  it("an elevated-risk payment opens a Radar review: one entry in the queue; approved here, approved in Stripe and captured once", async () => {
    const { order, intent, guid, radarReviewId } = await inRadarReview();
    expect(t.sandbox.stripe.deliveries().some((d) => d.eventType === "review.opened")).toBe(true);
    expect(await queued(guid)).toBe(1);
    expect((await intentOf(intent.id)).status).toBe("requires_capture");

    await risk().reviews.approve(guid, "reviewer:ann");
    await waitFor(async () => !(await t.systems.stripe.reviews.retrieve(radarReviewId)).open);
    expect(await t.systems.stripe.reviews.retrieve(radarReviewId)).toMatchObject({
      open: false,
      closed_reason: "approved",
    });
    await waitFor(
      () => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0,
    );
    expect(await intentOf(intent.id)).toMatchObject({ status: "succeeded", amount_received: intent.amount });
    // Stripe's review.closed (twice) comes back for a review already decided here: it changes nothing.
    await waitFor(() => t.sandbox.stripe.deliveries().some((d) => d.eventType === "review.closed"));
    await risk().advance(guid);
    const ours = await risk().readModel.byOrder(guid);
    expect(ours).toMatchObject({ status: "approved", decidedBy: "reviewer:ann" });
    expect(paidNotes(order.id)).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    expect(await queued(guid)).toBe(0);
  });

  it("a Radar review approved in Stripe is the merchant's approval: ours is approved and the payment captured once", async () => {
    const { order, intent, guid, radarReviewId } = await inRadarReview();
    await t.systems.stripe.reviews.approve(radarReviewId);

    const approved = await waitFor(async () => {
      const r = await risk().readModel.byOrder(guid);
      return r?.status === "approved" ? r : undefined;
    });
    expect(approved).toMatchObject({ radarClosedReason: "approved", decidedBy: "stripe:approved" });
    expect(await queued(guid)).toBe(0);
    await expect(risk().reviews.approve(guid, "reviewer:ann")).rejects.toThrow(/is approved/);
    await waitFor(
      () => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length > 0,
    );
    await risk().advance(guid);
    expect(await intentOf(intent.id)).toMatchObject({ status: "succeeded", amount_received: intent.amount });
    expect(paidNotes(order.id)).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
  });
});
