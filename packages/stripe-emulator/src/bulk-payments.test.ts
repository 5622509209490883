import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { BulkPayment } from "./bulk-payments.js";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

interface BulkAnswer {
  data: BulkPayment[];
  payouts: Stripe.Payout[];
  error?: { message: string; param: string };
}

const orderPayment = (i: number) => ({
  amount: 1000 + i * 7,
  currency: "usd",
  metadata: { nop_order_guid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, nop_order_id: String(i) },
});

/** Every balance transaction of a payout, page by page, as the payouts flow reads them. */
async function pagesOf(payout: string, limit: number) {
  const pages: Stripe.BalanceTransaction[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await kit.stripe.balanceTransactions.list({
      payout,
      limit,
      expand: ["data.source"],
      ...(after ? { starting_after: after } : {}),
    });
    pages.push(page.data);
    if (!page.has_more) return pages;
    after = page.data.at(-1)?.id;
  }
}

describe("bulk payments (POST /_emulator/payments/bulk)", () => {
  it("makes succeeded card payments with their metadata and pays them out in one payout", async () => {
    const payments = Array.from({ length: 250 }, (_, i) => orderPayment(i));
    const answer = await kit.control<BulkAnswer>("/_emulator/payments/bulk", { payments, pay_out: true });
    expect(answer.data).toHaveLength(250);
    expect(answer.payouts).toHaveLength(1);
    const payout = answer.payouts[0]!;

    const intent = await kit.stripe.paymentIntents.retrieve(answer.data[3]!.payment_intent);
    expect(intent).toMatchObject({ status: "succeeded", amount_received: 1021, metadata: payments[3]!.metadata });
    expect(intent.latest_charge).toBe(answer.data[3]!.charge);

    const pages = await pagesOf(payout.id, 100);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 51]);
    const txns = pages.flat();
    expect(new Set(txns.map((t) => t.id)).size).toBe(251);
    const charges = txns.filter((t) => t.type === "charge");
    expect(charges.reduce((sum, t) => sum + t.net, 0)).toBe(payout.amount);
    expect(txns.find((t) => t.type === "payout")?.id).toBe(payout.balance_transaction);
    const byIntent = new Map(answer.data.map((p) => [p.payment_intent, p]));
    for (const txn of charges) {
      const charge = txn.source as Stripe.Charge;
      expect(charge.object).toBe("charge");
      expect(charge.balance_transaction).toBe(txn.id);
      const made = byIntent.get(String(charge.payment_intent));
      expect(made).toMatchObject({ charge: charge.id, balance_transaction: txn.id, amount: charge.amount });
      expect(charge.metadata.nop_order_guid).toMatch(/^00000000-/);
      expect(txn.fee).toBe(Math.round(charge.amount * 0.029 + 30));
    }
  });

  it("pages a payout the same way forwards and backwards, newest first", async () => {
    const answer = await kit.control<BulkAnswer>("/_emulator/payments/bulk", {
      payments: Array.from({ length: 30 }, (_, i) => orderPayment(i)),
      pay_out: true,
    });
    const payout = answer.payouts[0]!.id;
    const forwards = (await pagesOf(payout, 7)).flat().map((t) => t.id);
    expect(forwards).toHaveLength(31);

    const backwards: string[] = [];
    let before = forwards.at(-1);
    backwards.unshift(before!);
    for (;;) {
      const page = await kit.stripe.balanceTransactions.list({ payout, limit: 7, ending_before: before });
      backwards.unshift(...page.data.map((t) => t.id));
      if (!page.has_more) break;
      before = page.data[0]!.id;
    }
    expect(backwards).toEqual(forwards);

    const all = await kit.stripe.balanceTransactions.list({ limit: 100 });
    const sameOrder = all.data.filter((t) => forwards.includes(t.id)).map((t) => t.id);
    expect(sameOrder).toEqual(forwards.slice(0, sameOrder.length));

    // A cursor from outside the payout still positions the page by time, as Stripe does.
    const outside = await kit.stripe.paymentIntents.create({
      amount: 500,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      expand: ["latest_charge"],
    });
    const newer = String((outside.latest_charge as Stripe.Charge).balance_transaction);
    const fromOutside = await kit.stripe.balanceTransactions.list({ payout, limit: 3, starting_after: newer });
    expect(fromOutside.data.map((t) => t.id)).toEqual(forwards.slice(0, 3));
  });

  it("refuses the whole request when one payment is invalid, and makes none", async () => {
    const before = (await kit.stripe.paymentIntents.list({ limit: 100 })).data.length;
    const response = await fetch(`${kit.emulator.url}/_emulator/payments/bulk`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payments: [orderPayment(1), { amount: 10, currency: "usd" }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as BulkAnswer;
    expect(body.error).toMatchObject({ param: "payments[1][amount]" });
    expect(body.error?.message).toContain("Amount must be at least");
    const unknown = await kit.control<BulkAnswer>("/_emulator/payments/bulk", {
      payments: [{ ...orderPayment(2), customer: "cus_1" }],
    });
    expect(unknown.error?.message).toContain("customer");
    expect((await kit.stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });

  it("sends each payment's events as a confirmed PaymentIntent does", async () => {
    const answer = await kit.control<BulkAnswer>("/_emulator/payments/bulk", { payments: [orderPayment(9)] });
    const events = await kit.stripe.events.list({ limit: 10 });
    const mine = events.data.filter(
      (e) =>
        (e.data.object as { id?: string; payment_intent?: string }).id === answer.data[0]!.payment_intent ||
        (e.data.object as { payment_intent?: string }).payment_intent === answer.data[0]!.payment_intent,
    );
    expect(mine.map((e) => e.type)).toEqual(
      expect.arrayContaining(["payment_intent.created", "payment_intent.succeeded", "charge.succeeded"]),
    );
    expect(answer.payouts).toEqual([]);
  });
});
