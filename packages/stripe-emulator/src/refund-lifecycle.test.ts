import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

type StripeErrorBody = { error: { message: string; type: string } };

async function paidWith(paymentMethod: string, amount = 4000): Promise<Stripe.PaymentIntent> {
  return kit.stripe.paymentIntents.create({ amount, currency: "usd", payment_method: paymentMethod, confirm: true });
}

/** The refund's events, oldest first, as [type, status, previous status]. */
async function eventsOf(refund: Stripe.Refund) {
  const events = await kit.stripe.events.list({
    types: ["refund.created", "refund.updated", "refund.failed", "charge.refund.updated"],
    limit: 100,
  });
  return events.data
    .filter((e) => (e.data.object as { id: string }).id === refund.id)
    .reverse()
    .map((e) => [
      e.type,
      (e.data.object as Stripe.Refund).status,
      (e.data.previous_attributes as { status?: string } | undefined)?.status ?? null,
    ]);
}

/** What the refund did to the balance: the sum of its balance transactions (0 when the money came back). */
async function balanceEffect(refund: Stripe.Refund): Promise<number> {
  const all = await kit.stripe.balanceTransactions.list({ limit: 100 });
  return all.data.filter((t) => t.source === refund.id).reduce((sum, t) => sum + t.amount, 0);
}

const amountRefunded = async (intent: Stripe.PaymentIntent) =>
  (await kit.stripe.charges.retrieve(String(intent.latest_charge))).amount_refunded;

describe("refund lifecycle of Stripe's refund test cards", () => {
  it("4000000000007726 (pm_card_pendingRefund): created pending, succeeds later", async () => {
    const intent = await paidWith("pm_card_pendingRefund");
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id, amount: 1500 });
    expect(refund).toMatchObject({ status: "pending", pending_reason: "processing", amount: 1500 });
    // The money left the balance when the refund was made, and the charge counts it as refunded.
    expect(await balanceEffect(refund)).toBe(-1500);
    expect(await amountRefunded(intent)).toBe(1500);

    const settled = await kit.control<Stripe.Refund>(`/_emulator/refunds/${refund.id}/settle`);
    expect(settled.status).toBe("succeeded");
    expect(settled.pending_reason).toBeUndefined();
    expect((await kit.stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
    expect(await eventsOf(refund)).toEqual([
      ["refund.created", "pending", null],
      ["refund.updated", "succeeded", "pending"],
      ["charge.refund.updated", "succeeded", "pending"],
    ]);
    expect(await balanceEffect(refund)).toBe(-1500);
    expect(await amountRefunded(intent)).toBe(1500);
    // Nothing later is left.
    const again = await kit.control<StripeErrorBody>(`/_emulator/refunds/${refund.id}/settle`);
    expect(again.error.message).toBe(`Refund ${refund.id} has nothing left to settle: its status is succeeded.`);
  });

  it("4000000000005126 (pm_card_refundFail): created succeeded, fails later, funds back to the balance", async () => {
    const intent = await paidWith("pm_card_refundFail");
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id });
    expect(refund.status).toBe("succeeded");
    expect(await amountRefunded(intent)).toBe(4000);
    expect((await kit.stripe.charges.retrieve(String(intent.latest_charge))).refunded).toBe(true);

    const { data } = await kit.control<{ data: Stripe.Refund[] }>("/_emulator/refunds/settle");
    const failed = data.find((r) => r.id === refund.id)!;
    expect(failed).toMatchObject({ status: "failed", failure_reason: "expired_or_canceled_card" });
    const credit = await kit.stripe.balanceTransactions.retrieve(String(failed.failure_balance_transaction));
    expect(credit).toMatchObject({ amount: 4000, type: "refund_failure", reporting_category: "refund_failure" });
    expect(await balanceEffect(refund)).toBe(0);
    const charge = await kit.stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(await eventsOf(refund)).toEqual([
      ["refund.created", "succeeded", null],
      ["refund.updated", "failed", "succeeded"],
      ["refund.failed", "failed", "succeeded"],
      ["charge.refund.updated", "failed", "succeeded"],
    ]);
    // The charge can be refunded again, in full.
    const retry = await kit.stripe.refunds.create({ payment_intent: intent.id });
    expect(retry.amount).toBe(4000);
  });

  it("a refund in requires_action can be canceled, then only then; its funds come back", async () => {
    const intent = await paidWith("pm_card_pendingRefund", 2000);
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id, amount: 800 });
    const notYet = await failure(kit.stripe.refunds.cancel(refund.id));
    expect(notYet).toMatchObject({ statusCode: 400, code: "refund_not_cancelable" });
    expect(notYet.message).toBe(`Refund ${refund.id} cannot be canceled because it has a status of pending.`);

    const waiting = await kit.control<Stripe.Refund>(`/_emulator/refunds/${refund.id}/require_action`, {
      email: "jane@example.com",
    });
    expect(waiting.status).toBe("requires_action");
    expect(waiting.next_action).toMatchObject({
      type: "display_details",
      display_details: { email_sent: { email_sent_to: "jane@example.com" } },
    });
    const canceled = await kit.stripe.refunds.cancel(refund.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.next_action).toBeUndefined();
    expect(await balanceEffect(refund)).toBe(0);
    expect(await amountRefunded(intent)).toBe(0);
    expect(await eventsOf(refund)).toEqual([
      ["refund.created", "pending", null],
      ["refund.updated", "requires_action", "pending"],
      ["charge.refund.updated", "requires_action", "pending"],
      ["refund.updated", "canceled", "requires_action"],
      ["charge.refund.updated", "canceled", "requires_action"],
    ]);
    const twice = await failure(kit.stripe.refunds.cancel(refund.id));
    expect(twice.code).toBe("refund_not_cancelable");
    const settled = await kit.control<StripeErrorBody>(`/_emulator/refunds/${refund.id}/settle`);
    expect(settled.error.message).toContain("its status is canceled");
  });

  it("an ordinary card's refund succeeds at once and has nothing later", async () => {
    const intent = await paidWith("pm_card_visa", 1000);
    const refund = await kit.stripe.refunds.create({ payment_intent: intent.id });
    expect(refund.status).toBe("succeeded");
    const { data } = await kit.control<{ data: Stripe.Refund[] }>("/_emulator/refunds/settle");
    expect(data.map((r) => r.id)).not.toContain(refund.id);
    expect(await balanceEffect(refund)).toBe(-1000);
  });
});
