import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

async function paid(amount: number, currency = "usd"): Promise<Stripe.PaymentIntent> {
  return kit.stripe.paymentIntents.create({ amount, currency, payment_method: "pm_card_visa", confirm: true });
}

describe("refunds", () => {
  it("refunds partially then fully by payment intent, with balance transactions and events", async () => {
    const intent = await paid(5000);
    const first = await kit.stripe.refunds.create({
      payment_intent: intent.id,
      amount: 2000,
      reason: "requested_by_customer",
    });
    expect(first).toMatchObject({ amount: 2000, status: "succeeded", payment_intent: intent.id, currency: "usd" });
    const txn = await kit.stripe.balanceTransactions.retrieve(String(first.balance_transaction));
    expect(txn).toMatchObject({
      amount: -2000,
      fee: 0,
      net: -2000,
      type: "refund",
      reporting_category: "refund",
      source: first.id,
    });
    const partial = await kit.stripe.charges.retrieve(String(intent.latest_charge));
    expect(partial).toMatchObject({ amount_refunded: 2000, refunded: false });

    const rest = await kit.stripe.refunds.create({ charge: partial.id });
    expect(rest.amount).toBe(3000);
    const full = await kit.stripe.charges.retrieve(partial.id, { expand: ["refunds"] });
    expect(full).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(full.refunds?.data.map((r) => r.amount)).toEqual([3000, 2000]);

    const events = await kit.stripe.events.list({ type: "charge.refunded", limit: 5 });
    const latest = events.data[0]!;
    expect((latest.data.object as Stripe.Charge).id).toBe(partial.id);
    expect((latest.data.object as Stripe.Charge).amount_refunded).toBe(5000);
    expect(latest.data.previous_attributes).toEqual({ amount_refunded: 2000, refunded: false });
    const created = await kit.stripe.events.list({ type: "refund.created", limit: 2 });
    expect(created.data.map((e) => (e.data.object as Stripe.Refund).id)).toEqual([rest.id, first.id]);
  });

  it("rejects over-refunds with Stripe's errors", async () => {
    const intent = await paid(1000);
    const tooMuch = await failure(kit.stripe.refunds.create({ payment_intent: intent.id, amount: 1500 }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.type).toBe("StripeInvalidRequestError");
    expect(tooMuch.param).toBe("amount");
    expect(tooMuch.message).toBe("Refund amount ($15.00) is greater than unrefunded amount on charge ($10.00)");
    await kit.stripe.refunds.create({ payment_intent: intent.id });
    const again = await failure(kit.stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
    expect(again.code).toBe("charge_already_refunded");
    expect(again.message).toBe(`Charge ${intent.latest_charge} has already been refunded.`);
  });

  it("refunds only what was captured after a partial capture", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    await kit.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 700 });
    const over = await failure(kit.stripe.refunds.create({ payment_intent: intent.id, amount: 800 }));
    expect(over.message).toContain("($7.00)");
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id });
    expect(refund.amount).toBe(700);
    const charge = await kit.stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
  });

  it("updates metadata (refund.updated) and fails a refund through the control endpoint", async () => {
    const intent = await paid(2500);
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id, metadata: { rma: "R-1" } });
    const updated = await kit.stripe.refunds.update(refund.id, { metadata: { approved_by: "ann" } });
    expect(updated.metadata).toEqual({ rma: "R-1", approved_by: "ann" });
    const failed = await kit.control<Stripe.Refund>(`/_emulator/refunds/${refund.id}/fail`);
    expect(failed.status).toBe("failed");
    expect(failed.failure_reason).toBe("expired_or_canceled_card");
    const reversal = await kit.stripe.balanceTransactions.retrieve(String(failed.failure_balance_transaction));
    expect(reversal).toMatchObject({ amount: 2500, type: "refund_failure" });
    const events = await kit.stripe.events.list({ types: ["refund.updated", "refund.failed"], limit: 3 });
    expect(events.data.map((e) => e.type)).toEqual(["refund.failed", "refund.updated", "refund.updated"]);
    expect(events.data[1]?.data.previous_attributes).toMatchObject({ status: "succeeded" });
    const charge = await kit.stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
  });

  it("lists refunds of a charge and through the charge sub-resource", async () => {
    const intent = await paid(3000);
    const charge = String(intent.latest_charge);
    await kit.stripe.refunds.create({ charge, amount: 1000 });
    await kit.stripe.refunds.create({ charge, amount: 500 });
    const list = await kit.stripe.refunds.list({ charge });
    expect(list.data.map((r) => r.amount)).toEqual([500, 1000]);
    const byIntent = await kit.stripe.refunds.list({ payment_intent: intent.id });
    expect(byIntent.data).toHaveLength(2);
  });

  it("requires a charge or payment intent", async () => {
    const error = await failure(kit.stripe.refunds.create({ amount: 100 }));
    expect(error.code).toBe("parameter_missing");
  });
});
