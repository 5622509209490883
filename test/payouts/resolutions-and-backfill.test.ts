import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidOrder } from "../refunds/refunds-harness.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  balances,
  emulator,
  exceptionsOf,
  ledgerOf,
  type PayoutsHarness,
  payOutAndReconcile,
  reconciled,
  startPayouts,
  strayPayment,
} from "./payouts-harness.js";

const resolve = `mutation R($id: ID!, $resolution: ReconciliationResolution!, $orderGuid: String, $account: String) {
  resolveReconciliationException(id: $id, resolution: $resolution, orderGuid: $orderGuid, account: $account, note: "checked") {
    id kind status orderGuid amount { minor currency }
  }
}`;

describe.each(backends)("resolving reconciliation exceptions and backfilling payouts, on $name", (backend) => {
  let t: PayoutsHarness;
  let finance: string;
  beforeAll(async () => {
    t = await startPayouts(backend);
    finance = await createTestToken(t.sidecar, "finance");
  });
  afterAll(() => t?.close());

  /** A payout with one charge no order explains; its no_order exception. */
  async function strayCharge() {
    const { order } = await paidOrder(t);
    await strayPayment(t, 1500);
    const [payout] = await payOutAndReconcile(t);
    const [exception] = await exceptionsOf(t, payout!.id);
    expect(exception).toMatchObject({ kind: "no_order", status: "open" });
    return { order, payout: payout!, exception: exception! };
  }

  it("LINK_ORDER moves the charge out of suspense to the order's receivable, posts it to the ERP, and the payout is posted", async () => {
    const { order, payout, exception } = await strayCharge();
    const refused = await graphqlAs(t.url, finance, resolve, { id: exception.id, resolution: "RESYNC" });
    expect(refused.body.errors?.[0]?.message).toContain("resolved by link_order, write_off, not resync");
    const answer = await graphqlAs(t.url, finance, resolve, {
      id: exception.id,
      resolution: "LINK_ORDER",
      orderGuid: order.orderGuid,
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.resolveReconciliationException).toMatchObject({
      status: "resolved",
      orderGuid: order.orderGuid.toLowerCase(),
    });
    const entries = await ledgerOf(t, payout.id);
    const key = `ledger:resolution:${exception.id}`;
    expect(entries.map((e) => e.key)).toContain(key);
    expect(balances(entries).get("9999:usd") ?? 0).toBe(0);
    expect(t.sandbox.erp.journalEntries(payout.id).map((e) => e.memo)).toContain(`link_order of ${exception.id}`);
    expect(await reconciled(t, payout.id)).toMatchObject({ status: "posted" });
    const audit = await t.sidecar.db.prisma.auditEntry.findFirst({
      where: { action: "graphql:resolveReconciliationException", target: exception.id, outcome: "ok" },
    });
    expect(audit).not.toBeNull();
    // Asked again: the same answer, nothing posted again.
    const again = await graphqlAs(t.url, finance, resolve, {
      id: exception.id,
      resolution: "LINK_ORDER",
      orderGuid: order.orderGuid,
    });
    expect(again.body.data?.resolveReconciliationException).toMatchObject({ status: "resolved" });
    expect(await ledgerOf(t, payout.id)).toHaveLength(entries.length);
  }, 90_000);

  it("WRITE_OFF posts suspense to the account given; a read-only token and a missing account are refused", async () => {
    const { payout, exception } = await strayCharge();
    const readOnly = await createTestToken(t.sidecar, "read_only");
    const denied = await graphqlAs(t.url, readOnly, resolve, {
      id: exception.id,
      resolution: "WRITE_OFF",
      account: "6900",
    });
    expect(denied.body.data?.resolveReconciliationException ?? null).toBeNull();
    const noAccount = await graphqlAs(t.url, finance, resolve, { id: exception.id, resolution: "WRITE_OFF" });
    expect(noAccount.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const answer = await graphqlAs(t.url, finance, resolve, {
      id: exception.id,
      resolution: "WRITE_OFF",
      account: "6900",
    });
    expect(answer.body.errors).toBeUndefined();
    const entries = await ledgerOf(t, payout.id);
    const sums = balances(entries);
    expect(sums.get("9999:usd") ?? 0).toBe(0);
    expect(sums.get("6900:usd")).toBe(-1500);
    expect(await reconciled(t, payout.id)).toMatchObject({ status: "posted" });
  }, 90_000);

  it("RESYNC of a refund nopCommerce had not recorded: once it is, the transaction is checked again and the exception closes", async () => {
    const { order, intent } = await paidOrder(t);
    await t.sandbox.nop.stopListening();
    let exception: Awaited<ReturnType<typeof exceptionsOf>>[number];
    let payoutId: string;
    try {
      await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
      const [payout] = await payOutAndReconcile(t, { settled: false });
      payoutId = payout!.id;
      [exception] = (await exceptionsOf(t, payoutId)) as [typeof exception];
      expect(exception).toMatchObject({ kind: "refund_not_recorded", status: "open" });
    } finally {
      await t.sandbox.nop.listenAgain();
    }
    await waitFor(() => (t.sandbox.nop.getOrder(order.id)!.refundedAmount === "2.00" ? true : undefined), {
      timeoutMs: 60_000,
    });
    const answer = await graphqlAs(t.url, finance, resolve, { id: exception.id, resolution: "RESYNC" });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.resolveReconciliationException).toMatchObject({ status: "resolved" });
    expect((await ledgerOf(t, payoutId)).map((e) => e.key)).not.toContain(`ledger:resolution:${exception.id}`);
    expect(await reconciled(t, payoutId)).toMatchObject({ status: "posted" });
  }, 120_000);

  it("the backfill reconciles a payout the sidecar never heard of; its late webhook then posts nothing twice", async () => {
    await paidOrder(t);
    await t.sandbox.stripe.whenDeliveriesIdle();
    t.sandbox.stripe.setDeliveryMode({ paused: true });
    let payout: Stripe.Payout;
    try {
      [payout] = (await emulator<{ data: Stripe.Payout[] }>(t, "payouts")).data as [Stripe.Payout];
      const admin = await graphqlAs(t.url, t.adminToken, "mutation { backfillPayouts }");
      expect(admin.body).toMatchObject({ data: { backfillPayouts: true } });
      expect(await reconciled(t, payout.id)).toMatchObject({ status: "posted", residualMinor: 0n });
    } finally {
      t.sandbox.stripe.setDeliveryMode({ paused: false });
    }
    const posted = t.sandbox.erp.journalEntries(payout.id).length;
    await t.sandbox.stripe.whenDeliveriesIdle();
    await reconciled(t, payout.id);
    expect(t.sandbox.erp.journalEntries(payout.id)).toHaveLength(posted);
    expect(await ledgerOf(t, payout.id)).toHaveLength(posted);
  }, 90_000);
});
