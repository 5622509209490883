import { RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { nopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubscriptionsReadModel } from "../../sidecar/src/flows/subscriptions/index.js";
import { adminQuery } from "../customers/customers-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  monthsAfter,
  payFirstOrder,
  type SubscriptionsHarness,
  settle,
  startSubscriptions,
} from "./subscriptions-harness.js";

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(backends)("recurring payments backfill on $name", (backend) => {
  let t: SubscriptionsHarness;
  const withHistory = new Map<number, number>(); // recurring payment id -> cycles paid already
  let fresh = 0;
  let manual = 0;
  let cancelled = 0;
  let withoutCard = 0;

  /** A recurring purchase placed while the plugin published no recurring events: only the backfill finds it. */
  const existingRecurringPayment = async (options: { manual?: boolean; paidThroughSidecar?: boolean }) => {
    const product = t.sandbox.nop.createProduct({
      name: "Tea club (monthly)",
      sku: `TEA_${Math.random().toString(36).slice(2, 8)}`,
      price: "15.00",
      isShipEnabled: false,
      manageStock: false,
      recurring: { cycleLength: 1, cyclePeriodId: RecurringProductCyclePeriod.Months, totalCycles: 12 },
    });
    const customer = t.sandbox.nop.registerCustomer(
      { email: `tea-${product.id}@example.com`, firstName: "Old", lastName: "Member" },
      { silent: true },
    );
    const order = t.sandbox.nop.placeOrder({
      customerId: customer.id,
      items: [{ productId: product.id }],
      taxRatePercent: "0",
      silentRecurringPayment: true,
      ...(options.manual ? { paymentMethodSystemName: "Payments.Manual" } : {}),
      ...(options.paidThroughSidecar === false ? { paymentStatus: "Paid" as const } : {}),
    });
    if (options.paidThroughSidecar !== false && !options.manual) await payFirstOrder(t, order.id);
    return t.sandbox.nop.recurringPayments().find((rp) => rp.initialOrderId === order.id)!.id;
  };

  /** Cycles billed before the sidecar billed subscriptions, reported by the plugin as it does (1.2 write-back). */
  const billCycles = async (recurringPaymentId: number, cycles: number) => {
    for (let n = 0; n < cycles; n++) {
      const answer = await t.systems.nop.processNextRecurringPayment(
        {
          recurringPaymentId: nopRecurringPaymentId(recurringPaymentId),
          invoiceId: `in_legacy_${recurringPaymentId}_${n}`,
          captureTransactionId: `legacy_${recurringPaymentId}_${n}`,
        },
        { requestId: `legacy-${recurringPaymentId}-${n}` },
      );
      expect(answer.ok).toBe(true);
    }
  };

  beforeAll(async () => {
    t = await startSubscriptions(backend);
    for (let i = 0; i < 8; i++) {
      const id = await existingRecurringPayment({});
      const paid = 1 + (i % 3); // the initial order, and up to two renewals
      await billCycles(id, paid);
      withHistory.set(id, paid);
    }
    fresh = await existingRecurringPayment({});
    manual = await existingRecurringPayment({ manual: true });
    cancelled = await existingRecurringPayment({});
    await billCycles(cancelled, 2);
    t.sandbox.nop.cancelRecurringPayment(cancelled);
    withoutCard = await existingRecurringPayment({ paidThroughSidecar: false });
    await billCycles(withoutCard, 1);
    await settle(t);
  }, 120_000);
  afterAll(() => t?.close());

  const subscriptionsByRecurringPayment = async () => {
    const all: Stripe.Subscription[] = [];
    for await (const sub of t.systems.stripe.subscriptions.list({ status: "all", limit: 100 })) all.push(sub);
    const by = new Map<number, Stripe.Subscription[]>();
    for (const sub of all) {
      const id = Number(sub.metadata.nop_recurring_payment_id);
      by.set(id, [...(by.get(id) ?? []), sub]);
    }
    return by;
  };

  it("interrupted mid-page and resumed: one subscription each, taking over after the paid cycles, no order made", async () => {
    const listed = new Map(t.sandbox.nop.recurringPayments().map((rp) => [rp.id, rp]));
    const ordersBefore = t.sandbox.nop.counts().orders;
    const stop = new AbortController();
    const first = await t.flows.subscriptions.backfill({
      pageSize: 5,
      concurrency: 1,
      perSecond: 1000,
      signal: stop.signal,
      onProgress: ({ processed }) => processed >= 7 && stop.abort(), // a crash in the second page
    });
    expect(first).toMatchObject({ finished: false, nextPageIndex: 1, processed: 5 });

    const resumed = await t.flows.subscriptions.backfill({ pageSize: 5, perSecond: 1000 });
    expect(resumed).toMatchObject({ finished: true, processed: listed.size, totalCount: listed.size });
    await settle(t);

    const subs = await subscriptionsByRecurringPayment();
    expect([...subs.keys()].sort((a, b) => a - b)).toEqual([...withHistory.keys(), fresh].sort((a, b) => a - b));
    for (const [id, made] of subs) {
      expect(made, `recurring payment ${id}`).toHaveLength(1);
      const rp = [...listed.values()].find((r) => r.id === id)!;
      const start = seconds(rp.startDateUtc);
      const paid = withHistory.get(id) ?? 1; // the fresh one: its initial order is the first cycle
      // Its trial ends at nopCommerce's next payment date: the paid cycles are not billed again.
      if (id !== fresh) expect(made[0]!.trial_end).toBe(seconds(rp.nextPaymentDateUtc!));
      expect(made[0]!.trial_end).toBe(monthsAfter(start, paid));
      expect(made[0]!.cancel_at).toBe(monthsAfter(start, 12));
    }
    // The backfill made no order: the paid cycles stay as they were; the fresh one's first cycle is its own order.
    expect(t.sandbox.nop.counts().orders).toBe(ordersBefore);
    for (const [id, paid] of withHistory) expect(t.sandbox.nop.recurringPaymentHistory(id)).toHaveLength(paid);
    expect(t.sandbox.nop.recurringPaymentHistory(fresh)).toHaveLength(1);

    const view = new SubscriptionsReadModel(t.sidecar.db.sql);
    expect(await view.byId(manual)).toMatchObject({
      sync: "not-billed",
      notBilledReason: expect.stringMatching(/Manual/),
    });
    expect(await view.byId(withoutCard)).toMatchObject({
      sync: "not-billed",
      notBilledReason: expect.stringMatching(/no saved card known/),
    });
    expect((await view.byId(cancelled))?.stripe ?? null).toBeNull();
  }, 120_000);

  it("an admin runs it again from GraphQL, as a job: everything is known, nothing is made", async () => {
    const before = [...(await subscriptionsByRecurringPayment()).values()].flat().length;
    await adminQuery(t, `mutation { startSubscriptionBackfill(name: "from-graphql", pageSize: 4) }`);
    const done = await waitFor(
      async () => {
        const { subscriptionBackfill } = await adminQuery<{
          subscriptionBackfill: { finished: boolean; processed: number } | null;
        }>(t, `{ subscriptionBackfill(name: "from-graphql") { finished processed } }`);
        return subscriptionBackfill?.finished ? subscriptionBackfill : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(done.processed).toBe(t.sandbox.nop.recurringPayments().length);
    await settle(t);
    expect([...(await subscriptionsByRecurringPayment()).values()].flat()).toHaveLength(before);
    await expect(adminQuery(t, `mutation { startSubscriptionBackfill(pageSize: 0) }`)).rejects.toThrow(/pageSize/);
  }, 90_000);
});
