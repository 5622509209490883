import { describe, expect, it } from "vitest";
import { defaultRiskRules } from "../../domain/risk/risk-rules.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { EarlyFraudWarning, RadarReview } from "../../ports/stripe-radar.js";
import { RiskEvents } from "./risk-events.js";
import { orderGuidOf, paymentIntentId, radarReview, riskOnFakes } from "./test-support/fake-risk-systems.js";

const event = (eventId: string, type: string, object: unknown): InboxEvent =>
  ({ eventId, type, source: "stripe", payload: { data: { object } } }) as unknown as InboxEvent;

const warning = (over: Partial<EarlyFraudWarning> = {}): EarlyFraudWarning => ({
  id: "issfr_1",
  chargeId: "ch_1" as EarlyFraudWarning["chargeId"],
  paymentIntentId,
  fraudType: "made_with_stolen_card",
  actionable: true,
  created: new Date("2026-12-06T12:00:00Z"),
  ...over,
});

/** The handlers over the flow on fakes; the Radar port hands back what the event carries. */
function events(refundOnEarlyFraudWarning: boolean) {
  const rules = {
    ...defaultRiskRules,
    defaults: { ...defaultRiskRules.defaults, decide: "all" as const, refundOnEarlyFraudWarning },
  };
  const t = riskOnFakes({ band: "review", rules });
  const refunds: Array<{ requestId: string; reason: string }> = [];
  const handlers = new RiskEvents({
    store: t.store,
    radar: {
      reviewFromEvent: ({ payload }) => (payload as { data: { object: RadarReview } }).data.object,
      earlyFraudWarningFromEvent: ({ payload }) => (payload as { data: { object: EarlyFraudWarning } }).data.object,
    },
    orders: {
      orderOfPaymentIntent: async (id) => (id === paymentIntentId ? orderGuidOf : undefined),
      byOrder: async () => ({ storeId: 1 }) as never,
    },
    customers: t.ports.customers,
    advance: t.advance,
    notifier: t.ports.notifier,
    enqueue: t.host.enqueue,
    refundOrder: async ({ requestId, reason }) => {
      refunds.push({ requestId, reason });
      return "refunded in full by rule";
    },
    rules,
    now: () => t.clock.now,
  });
  return { ...t, handlers, refunds };
}

describe("Stripe Radar's reviews and early fraud warnings", () => {
  it("review.opened joins the same queue as the score's review; approving it approves Stripe's too, once", async () => {
    const t = events(false);
    await t.authorize();
    const opened = event("evt_open", "review.opened", radarReview());
    await t.handlers.reviewOpened(opened);
    await t.handlers.reviewOpened(opened);
    const { review } = await t.store.load(orderGuidOf);
    expect(review).toMatchObject({ status: "open", radarReviewId: "prv_1" });
    expect(await t.store.listReviews("open", 10)).toHaveLength(1);
    await t.reviews.approve(orderGuidOf, "ann");
    await t.advance.run(orderGuidOf);
    expect(t.calls.approvedReviews).toEqual([{ id: "prv_1", key: `risk:${orderGuidOf}:approve-radar-review` }]);
    expect(t.calls.captures).toEqual([orderGuidOf]);
  });

  it("review.closed in Stripe closes ours, recorded once; a decision taken here is not applied again", async () => {
    const t = events(false);
    await t.authorize();
    await t.handlers.reviewOpened(event("evt_open", "review.opened", radarReview()));
    const closed = event("evt_closed", "review.closed", radarReview({ open: false, reason: "refunded_as_fraud" }));
    await t.handlers.reviewClosed(closed);
    await t.handlers.reviewClosed(closed);
    expect((await t.store.load(orderGuidOf)).review).toMatchObject({
      status: "closed",
      radarClosedReason: "refunded_as_fraud",
      decidedBy: "stripe:refunded_as_fraud",
    });
    await t.advance.run(orderGuidOf);
    expect(t.calls.captures).toEqual([]);
    expect(t.calls.cancels).toEqual([]);
    await expect(t.reviews.approve(orderGuidOf, "ann")).rejects.toThrow(/is closed by stripe:refunded_as_fraud/);
  });

  it("a Radar review of a payment not decided here: rejected, it is refused in Stripe by a full refund, once", async () => {
    const t = events(false);
    await t.handlers.reviewOpened(event("evt_open", "review.opened", radarReview()));
    expect((await t.store.load(orderGuidOf)).riskCase).toBeNull();
    await t.reviews.reject(orderGuidOf, "ann", []);
    await t.advance.run(orderGuidOf);
    expect(t.calls.refunds).toEqual([
      { requestId: `risk-review:${orderGuidOf}`, reason: "Radar review prv_1 rejected by ann" },
    ]);
    expect(t.calls.cancels).toEqual([]);
  });

  it("an early fraud warning: one alert; refunded in full by rule under efw:<warning id>", async () => {
    const t = events(true);
    const created = event("evt_efw", "radar.early_fraud_warning.created", warning());
    await t.handlers.earlyFraudWarning(created);
    await t.handlers.earlyFraudWarning(created);
    expect(t.refunds.map((r) => r.requestId)).toEqual(["efw:issfr_1", "efw:issfr_1"]);
    expect(t.calls.alerts.map((a) => [a.code, a.message])).toEqual([
      ["risk.early_fraud_warning", expect.stringMatching(/issfr_1 .*refunded in full by rule/)],
    ]);
  });

  it("without the rule, or once not actionable: alerted, not refunded", async () => {
    const off = events(false);
    await off.handlers.earlyFraudWarning(event("evt_efw", "radar.early_fraud_warning.created", warning()));
    const spent = events(true);
    await spent.handlers.earlyFraudWarning(
      event("evt_efw2", "radar.early_fraud_warning.created", warning({ actionable: false })),
    );
    expect([...off.refunds, ...spent.refunds]).toEqual([]);
    expect(off.calls.alerts[0]?.message).toMatch(/not refunded/);
    expect(spent.calls.alerts).toHaveLength(1);
  });
});
