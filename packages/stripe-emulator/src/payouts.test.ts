import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

async function pay(amount: number, currency: string, pm = "pm_card_visa") {
  return kit.stripe.paymentIntents.create({ amount, currency, payment_method: pm, confirm: true });
}

describe("balance and payouts", () => {
  it("pays out the balance; the payout's balance transactions net to its amount", async () => {
    await pay(10000, "usd");
    await pay(2550, "usd");
    const refunded = await pay(4000, "usd");
    await kit.stripe.refunds.create({ payment_intent: refunded.id, amount: 1000 });
    await pay(3000, "usd", "pm_card_createDispute");
    const before = await kit.stripe.balance.retrieve();
    const pending = before.pending.find((b) => b.currency === "usd")!.amount;
    const available = before.available.find((b) => b.currency === "usd")!.amount;
    expect(pending + available).toBe(10000 - 320 + 2550 - 104 + 4000 - 146 - 1000 + 3000 - 117 - 3000 - 1500);

    const { data } = await kit.control<{ data: Stripe.Payout[] }>("/_emulator/payouts", {});
    expect(data).toHaveLength(1);
    const payout = await kit.stripe.payouts.retrieve(data[0]!.id);
    expect(payout).toMatchObject({
      automatic: true,
      status: "paid",
      currency: "usd",
      reconciliation_status: "completed",
    });
    expect(payout.amount).toBe(pending + available);

    const txns: Stripe.BalanceTransaction[] = [];
    for await (const txn of kit.stripe.balanceTransactions.list({
      payout: payout.id,
      limit: 3,
      expand: ["data.source"],
    })) {
      txns.push(txn);
    }
    const contents = txns.filter((t) => t.type !== "payout");
    expect(contents.reduce((sum, t) => sum + t.net, 0)).toBe(payout.amount);
    expect(txns.reduce((sum, t) => sum + t.net, 0)).toBe(0);
    expect(new Set(contents.map((t) => t.reporting_category))).toEqual(new Set(["charge", "refund", "dispute"]));
    const chargeTxn = contents.find((t) => t.type === "charge")!;
    expect((chargeTxn.source as Stripe.Charge).object).toBe("charge");
    const own = txns.find((t) => t.type === "payout")!;
    expect(own).toMatchObject({ id: payout.balance_transaction, amount: -payout.amount, reporting_category: "payout" });

    const after = await kit.stripe.balance.retrieve();
    expect(after.available.find((b) => b.currency === "usd")!.amount).toBe(0);
    const charges = await kit.stripe.balanceTransactions.list({ payout: payout.id, type: "charge" });
    expect(charges.data.every((t) => t.type === "charge")).toBe(true);
    const paidEvents = (await kit.stripe.events.list({ limit: 4 })).data.map((e) => e.type);
    expect(paidEvents).toEqual(["payout.reconciliation_completed", "payout.paid", "payout.updated", "payout.created"]);
    const none = await kit.control<{ data: Stripe.Payout[] }>("/_emulator/payouts", {});
    expect(none.data).toEqual([]);
  });

  it("computes fees for zero-decimal and three-decimal currencies", async () => {
    const yen = await kit.stripe.paymentIntents.create({
      amount: 5000,
      currency: "jpy",
      payment_method: "pm_card_visa",
      confirm: true,
      expand: ["latest_charge.balance_transaction"],
    });
    const yenTxn = (yen.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    expect(yenTxn).toMatchObject({ amount: 5000, currency: "jpy", fee: 145, net: 4855 });
    const dinar = await kit.stripe.paymentIntents.create({
      amount: 5120,
      currency: "kwd",
      payment_method: "pm_card_visa",
      confirm: true,
      expand: ["latest_charge.balance_transaction"],
    });
    const dinarTxn = (dinar.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    expect(dinarTxn).toMatchObject({ amount: 5120, currency: "kwd", fee: 450, net: 4670 });
    const payouts = await kit.control<{ data: Stripe.Payout[] }>("/_emulator/payouts", { currency: "jpy" });
    expect(payouts.data.map((p) => [p.currency, p.amount])).toEqual([["jpy", 4855]]);
  });

  it("keeps pending funds out of a payout limited to available funds, until they are available", async () => {
    await pay(1000, "eur");
    const early = await kit.control<{ data: Stripe.Payout[] }>("/_emulator/payouts", {
      currency: "eur",
      only_available: true,
    });
    expect(early.data).toEqual([]);
    kit.emulator.advanceTime(3 * 24 * 3600);
    const later = await kit.control<{ data: Stripe.Payout[] }>("/_emulator/payouts", {
      currency: "eur",
      only_available: true,
    });
    expect(later.data[0]?.amount).toBe(1000 - 59);
  });

  it("fails a payout and credits the funds back", async () => {
    await pay(2000, "cad");
    const [payout] = kit.emulator.payOut({ currency: "cad", fail: true });
    expect(payout?.status).toBe("failed");
    expect(payout?.failure_code).toBe("account_closed");
    const balance = await kit.stripe.balance.retrieve();
    expect(balance.available.find((b) => b.currency === "cad")?.amount).toBe(2000 - 88);
  });

  it("a paid payout the bank returns later: failed, the funds credited back, payout.failed; only a paid one", async () => {
    await pay(3000, "chf");
    const [payout] = kit.emulator.payOut({ currency: "chf" });
    const failed = await kit.control<Stripe.Payout>(`/_emulator/payouts/${payout!.id}/fail`, {});
    expect(failed).toMatchObject({ id: payout!.id, status: "failed", failure_code: "account_closed" });
    const credit = await kit.stripe.balanceTransactions.retrieve(failed.failure_balance_transaction as string);
    expect(credit).toMatchObject({
      amount: payout!.amount,
      type: "payout_failure",
      reporting_category: "payout_reversal",
    });
    expect((await kit.stripe.events.list({ limit: 1 })).data[0]).toMatchObject({
      type: "payout.failed",
      data: { object: { id: payout!.id } },
    });
    const again = await kit.control<{ error: { code: string } }>(`/_emulator/payouts/${payout!.id}/fail`, {});
    expect(again.error.code).toBe("payout_not_paid");
  });

  it("lists payouts", async () => {
    const list = await kit.stripe.payouts.list({ limit: 100 });
    expect(list.data.length).toBeGreaterThanOrEqual(3);
    expect(list.data.every((p) => p.object === "payout")).toBe(true);
  });
});
