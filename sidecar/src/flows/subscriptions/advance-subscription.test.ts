import { describe, expect, it } from "vitest";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { err } from "../../domain/result.js";
import { InMemoryHost } from "../../flow-kit/test-support/in-memory-host.js";
import type { Alert } from "../../ports/notifier.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import { advanceSubscription } from "./advance-subscription.js";
import { recurringPaymentKey } from "./subscription-actions.js";
import type { SubscriptionsStore } from "./subscriptions-store.js";
import { invoice, paidFirstOrder, recurringPayment, stripeSide } from "./test-support/fixtures.js";
import { InMemorySubscriptionsStore } from "./test-support/in-memory-store.js";

function setUp(store: InMemorySubscriptionsStore, nop: Partial<NopPort>) {
  const alerts: Alert[] = [];
  const unused = async () => {
    throw new Error("not used here");
  };
  const subscriptions: Omit<SubscriptionsPort, "subscriptionFromEvent" | "invoiceFromEvent"> = {
    paymentOf: unused,
    attachPaymentMethod: unused,
    createPrice: unused,
    createSubscription: unused,
    retrieveSubscription: unused,
    cancelSubscription: unused,
    invoicePaymentIntent: async (id) => `pi_for_${id}`,
  };
  const advance = advanceSubscription(new InMemoryHost("subscriptions"), {
    store: store as unknown as SubscriptionsStore,
    orders: { byOrder: async () => paidFirstOrder },
    nop: nop as NopPort,
    subscriptions,
    failures: new InMemoryHost("subscriptions").failures,
    notifier: { alert: async (a) => void alerts.push(a) },
  });
  return { advance, alerts };
}

describe("advancing a recurring payment (planner, executor and lock, on in-memory fakes)", () => {
  it("a paid invoice nopCommerce refuses is logged once with the rule, alerts once, and is not sent again", async () => {
    const store = new InMemorySubscriptionsStore(recurringPayment({ stripe: stripeSide({ status: "active" }) }), [
      invoice("in_late", "paid", 10),
    ]);
    await store.record({
      key: "sub:7:process-invoice:in_first" as never,
      aggregate: "7",
      kind: "action",
      name: "process-invoice",
      detail: {},
    });
    let sent = 0;
    const t = setUp(store, {
      processNextRecurringPayment: async () => {
        sent++;
        return err(new NopRuleRefused("HasNextPaymentDate", "recurring payment 7 has no cycle left"));
      },
    });
    await Promise.all([t.advance.run(recurringPaymentKey(7)), t.advance.run(recurringPaymentKey(7))]);
    await t.advance.run(recurringPaymentKey(7));
    expect(sent).toBe(1);
    expect(store.log.find((e) => e.key === "sub:7:process-invoice:in_late")?.detail).toMatchObject({
      refused: "HasNextPaymentDate",
    });
    expect(t.alerts.map((a) => a.code)).toEqual(["subscription.invoice_without_order"]);
  });
});
