import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Notifier } from "../../ports/notifier.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { SqlSubscriptionsStore } from "./adapters/sql-subscriptions-store.js";
import { advanceSubscription } from "./advance-subscription.js";
import { checkDrift, type DriftReport } from "./drift-check.js";
import { driftCheckJob } from "./jobs.js";
import { SubscriptionsReadModel } from "./read-model.js";
import { recurringPaymentKey } from "./subscription-actions.js";
import { bridgeEventTypes, HandleSubscriptionEvent, stripeEventTypes } from "./subscription-events.js";

/** The systems the flow talks to, behind the ports it owns, and order-to-cash's read port. */
export interface SubscriptionsPorts {
  subscriptions: SubscriptionsPort;
  orders: Pick<OrderPayments, "byOrder">;
  notifier: Notifier;
  nop: Pick<
    NopPort,
    | "processNextRecurringPayment"
    | "markRecurringPaymentFailed"
    | "cancelRecurringPayment"
    | "addOrderNote"
    | "getRecurringPayment"
  >;
}

export interface SubscriptionsOptions {
  /** How often the drift check runs (ms); 0: never scheduled (tests run it by hand). */
  driftCheckEveryMs: number;
}

/** What the composition root (and tests) may call directly. */
export interface Subscriptions {
  /** Re-runs the flow for one recurring payment (after a dead letter was fixed by hand, say). */
  advance(recurringPaymentId: number): Promise<void>;
  /** Compares every subscription the flow made with its recurring payment in nopCommerce. */
  checkDrift(): Promise<DriftReport>;
  /** What GraphQL shows of the flow's recurring payments. */
  readModel: SubscriptionsReadModel;
}

/**
 * Subscriptions, declared: nopCommerce's recurring_payment.created / .cancelled and order.paid (the first order),
 * Stripe's invoice.paid / invoice.payment_failed / customer.subscription.updated / .deleted, all through the
 * inbox, and the scheduled drift check. Everything about one recurring payment converges in `advanceSubscription`.
 */
export function registerSubscriptions(
  host: FlowHost,
  ports: SubscriptionsPorts,
  options: Partial<SubscriptionsOptions> = {},
): Subscriptions {
  const store = new SqlSubscriptionsStore(host.sql, host.actionLog);
  const advance = advanceSubscription(host, { ...ports, store, failures: host.failures });
  const events = new HandleSubscriptionEvent(ports.subscriptions, store, advance);
  for (const type of bridgeEventTypes) host.onEvent("bridge", type, events.bridge);
  for (const type of stripeEventTypes) host.onEvent("stripe", type, events.stripe);

  const drift = () =>
    checkDrift({ store, nop: ports.nop, subscriptions: ports.subscriptions, failures: host.failures, advance });
  const every = options.driftCheckEveryMs ?? 0;
  const schedule = (slot: number) =>
    host.enqueue([
      driftCheckJob.with({ slot }, { idParts: [String(slot)], delayMs: Math.max(0, (slot + 1) * every - Date.now()) }),
    ]);
  host.onJob(driftCheckJob, async ({ slot }) => {
    await drift();
    if (every > 0) await schedule(slot + 1);
  });
  // A process that cannot enqueue now (closing at once, say) leaves it to the next one that starts.
  if (every > 0) schedule(Math.floor(Date.now() / every)).catch(() => undefined);
  return {
    advance: (id) => advance.run(recurringPaymentKey(id)),
    checkDrift: drift,
    readModel: new SubscriptionsReadModel(host.sql),
  };
}
