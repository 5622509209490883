import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

describe("disputes", () => {
  it("opens a chargeback from pm_card_createDispute with the dispute fee withdrawn", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 8000,
      currency: "usd",
      payment_method: "pm_card_createDispute",
      confirm: true,
    });
    const disputes = await kit.stripe.disputes.list({ payment_intent: intent.id });
    expect(disputes.data).toHaveLength(1);
    const dispute = disputes.data[0]!;
    expect(dispute).toMatchObject({
      amount: 8000,
      currency: "usd",
      status: "needs_response",
      reason: "fraudulent",
      charge: intent.latest_charge,
      is_charge_refundable: false,
    });
    expect(dispute.balance_transactions).toHaveLength(1);
    expect(dispute.balance_transactions[0]).toMatchObject({
      amount: -8000,
      fee: 1500,
      net: -9500,
      type: "adjustment",
      reporting_category: "dispute",
    });
    const charge = await kit.stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge.disputed).toBe(true);
    const types = (await kit.stripe.events.list({ limit: 5 })).data.map((e) => e.type);
    expect(types).toContain("charge.dispute.created");
    expect(types).toContain("charge.dispute.funds_withdrawn");
    const refund = await kit.stripe.refunds.create({ charge: charge.id }).catch((e: Stripe.errors.StripeError) => e);
    expect((refund as Stripe.errors.StripeError).code).toBe("charge_disputed");
  });

  it("wins with winning_evidence and reinstates the funds", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_createDispute",
      confirm: true,
    });
    const [dispute] = (await kit.stripe.disputes.list({ payment_intent: intent.id })).data;
    const won = await kit.stripe.disputes.update(dispute!.id, {
      evidence: { uncategorized_text: "winning_evidence", customer_name: "Jane" },
    });
    expect(won.status).toBe("won");
    expect(won.evidence.customer_name).toBe("Jane");
    expect(won.evidence_details.submission_count).toBe(1);
    expect(won.balance_transactions.map((t) => [t.amount, t.reporting_category])).toEqual([
      [-3000, "dispute"],
      [3000, "dispute_reversal"],
    ]);
    const closed = await kit.stripe.events.list({ type: "charge.dispute.closed", limit: 1 });
    expect((closed.data[0]!.data.object as Stripe.Dispute).status).toBe("won");
    expect(closed.data[0]!.data.previous_attributes).toMatchObject({ status: "under_review" });
    const reinstated = await kit.stripe.events.list({ type: "charge.dispute.funds_reinstated", limit: 1 });
    expect((reinstated.data[0]!.data.object as Stripe.Dispute).id).toBe(dispute!.id);
  });

  it("loses when the merchant closes (accepts) the dispute", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const opened = await kit.control<Stripe.Dispute>("/_emulator/disputes", {
      payment_intent: intent.id,
      reason: "product_not_received",
    });
    expect(opened.reason).toBe("product_not_received");
    expect(opened.status).toBe("needs_response");
    const closed = await kit.stripe.disputes.close(opened.id);
    expect(closed.status).toBe("lost");
  });

  it("submits evidence for review and lets the control endpoint decide", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const opened = await kit.control<Stripe.Dispute>("/_emulator/disputes", { charge: intent.latest_charge });
    const reviewing = await kit.stripe.disputes.update(opened.id, { evidence: { product_description: "Blue mug" } });
    expect(reviewing.status).toBe("under_review");
    const again = await kit.stripe.disputes
      .update(opened.id, { evidence: { product_description: "Red mug" } })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((again as Stripe.errors.StripeError).message).toContain("already submitted");
    const tagged = await kit.stripe.disputes.update(opened.id, { metadata: { case: "42" } });
    expect(tagged).toMatchObject({ metadata: { case: "42" }, evidence_details: { submission_count: 1 } });
    const decided = await kit.control<Stripe.Dispute>(`/_emulator/disputes/${opened.id}/close`, { outcome: "lost" });
    expect(decided.status).toBe("lost");
  });

  it("opens an inquiry without withdrawing funds", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_createDisputeInquiry",
      confirm: true,
    });
    const [inquiry] = (await kit.stripe.disputes.list({ payment_intent: intent.id })).data;
    expect(inquiry?.status).toBe("warning_needs_response");
    expect(inquiry?.balance_transactions).toEqual([]);
    expect(inquiry?.is_charge_refundable).toBe(true);
  });

  it("dates a dispute on the customer's test clock: due_by, staged evidence, a late submission past_due", async () => {
    const frozen = Math.floor(Date.UTC(2030, 0, 10, 12) / 1000);
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: frozen });
    const customer = await kit.stripe.customers.create({ test_clock: clock.id });
    const intent = await kit.stripe.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      customer: customer.id,
      payment_method: "pm_card_createDispute",
      confirm: true,
    });
    const [dispute] = (await kit.stripe.disputes.list({ payment_intent: intent.id })).data;
    expect(dispute!.created).toBe(frozen);
    // The end of the seventh day after the day it opened, on the clock.
    expect(dispute!.evidence_details.due_by).toBe(Math.floor(Date.UTC(2030, 0, 18) / 1000) - 1);

    const staged = await kit.stripe.disputes.update(dispute!.id, {
      evidence: { product_description: "Blue mug" },
      submit: false,
    });
    expect(staged.status).toBe("needs_response");
    expect(staged.evidence_details).toMatchObject({ has_evidence: true, submission_count: 0, past_due: false });

    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: frozen + 9 * 24 * 3600 });
    const late = await kit.stripe.disputes.update(dispute!.id, { submit: true });
    expect(late.status).toBe("under_review");
    expect(late.evidence_details).toMatchObject({
      has_evidence: true,
      submission_count: 1,
      submission_method: "manual",
      past_due: true,
    });
    expect(late.evidence.product_description).toBe("Blue mug");
  });
});
