import type { BackfillCheckpoint, BackfillRun } from "../../backfill/paged-backfill.js";
import { RequestPacer } from "../../backfill/request-pacer.js";
import { SqlBackfillCheckpoints } from "../../backfill/sql-backfill-checkpoints.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import { scheduleEvery } from "../../flow-kit/scheduled-job.js";
import type { Notifier } from "../../ports/notifier.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { SqlSubscriptionsStore } from "./adapters/sql-subscriptions-store.js";
import { advanceSubscription } from "./advance-subscription.js";
import { SubscriptionBackfill } from "./backfill.js";
import { checkDrift, type DriftReport } from "./drift-check.js";
import { backfillJob, driftCheckJob } from "./jobs.js";
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
    | "listRecurringPayments"
  >;
}

export interface SubscriptionsOptions {
  /** How often the drift check runs (ms); 0: never scheduled (tests run it by hand). */
  driftCheckEveryMs: number;
  /** Stripe requests per second of a backfill: the customers backfill's setting (25 in test mode, 100 live). */
  backfillPerSecond: number;
}

/** What the composition root (and tests) may call directly. */
export interface Subscriptions {
  /** Re-runs the flow for one recurring payment (after a dead letter was fixed by hand, say). */
  advance(recurringPaymentId: number): Promise<void>;
  /** Compares every subscription the flow made with its recurring payment in nopCommerce. */
  checkDrift(): Promise<DriftReport>;
  /** What GraphQL shows of the flow's recurring payments. */
  readModel: SubscriptionsReadModel;
  /** Brings existing recurring payments under the flow, resumable by name, at the configured rate. */
  backfill(run?: BackfillRun & { perSecond?: number }): Promise<BackfillCheckpoint>;
  /** Stripe requests per second a backfill sends unless told otherwise. */
  readonly backfillPerSecond: number;
  /** Starts (or resumes) a backfill as a job; its progress is its checkpoint. */
  startBackfill(run: { name: string; pageSize: number }): Promise<void>;
  checkpoint(name: string): Promise<BackfillCheckpoint | undefined>;
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
  scheduleEvery(host, driftCheckJob, options.driftCheckEveryMs ?? 0, drift);

  const checkpoints = new SqlBackfillCheckpoints(host.sql, "SubscriptionBackfill");
  const perSecond = options.backfillPerSecond ?? 25;
  const backfill: Subscriptions["backfill"] = (run = {}) => {
    // Bulk work shares Stripe's rate limit with everything else: its Stripe calls are paced.
    const pacer = new RequestPacer(run.perSecond ?? perSecond);
    const failures: Pick<ConnectorFailures, "call"> = {
      call: async (system, what, fn) => {
        if (system === "stripe") await pacer.take();
        return host.failures.call(system, what, fn);
      },
    };
    const pacedAdvance = advanceSubscription(host, { ...ports, store, failures });
    const nopCall = <T>(what: string, fn: () => Promise<T>) => host.failures.call("nop", what, fn);
    return new SubscriptionBackfill(ports.nop, store, checkpoints, pacedAdvance, nopCall).run(run);
  };
  host.onJob(backfillJob, async (run) => {
    await backfill(run);
  });
  return {
    backfill,
    backfillPerSecond: perSecond,
    startBackfill: (run) => host.enqueue([backfillJob.with(run, { idParts: [run.name, String(Date.now())] })]),
    checkpoint: (name) => checkpoints.checkpoint(name),
    advance: (id) => advance.run(recurringPaymentKey(id)),
    checkDrift: drift,
    readModel: new SubscriptionsReadModel(host.sql),
  };
}
