import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { OrderGuid, PayoutId } from "../../domain/ids.js";
import { type ChartOfAccounts, defaultChartOfAccounts } from "../../domain/ledger/chart-of-accounts.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { PayoutRange, PayoutsPort } from "../../ports/stripe-payouts.js";
import type { OrderSettlements } from "../order-to-cash/index.js";
import type { RecordedRefunds } from "../refunds/index.js";
import { SqlPayoutsStore } from "./adapters/sql-payouts-store.js";
import { advancePayout } from "./advance-payout.js";
import { backfillJob, backfillPayoutsJob, reconcilePayoutJob } from "./jobs.js";
import { payoutsFlow } from "./payout-actions.js";
import { handlePayoutEvent, payoutEventTypes } from "./payout-events.js";
import type { ExceptionRecord } from "./plan-resolution.js";
import { ResolveException, type ResolveRequest } from "./resolve-exception.js";

/** The systems the flow talks to, behind the ports it owns, and the other flows' read ports. */
export interface PayoutsPorts {
  stripe: PayoutsPort;
  erp: Pick<ErpPort, "postJournalEntry">;
  orders: OrderSettlements;
  refunds: RecordedRefunds;
  /** Re-runs an order's sync in the flows that own it (a resync resolution). */
  resync(orderGuid: OrderGuid): Promise<void>;
}

export interface PayoutsOptions {
  chart?: ChartOfAccounts;
}

/** What the backfill, the bench, GraphQL and tests may call. */
export interface Payouts {
  /** Reconciles, journals and posts one payout now (fetching it from Stripe when it is not stored yet). */
  reconcile(payoutId: PayoutId): Promise<void>;
  /** Queues `payouts.backfill` for Stripe's paid payouts created in the range. */
  backfill(range: PayoutRange): Promise<void>;
  /** Finance's resolution of a reconciliation exception (GraphQL's resolveReconciliationException). */
  resolveException(request: ResolveRequest): Promise<ExceptionRecord>;
}

/**
 * Payouts, declared: Stripe's payout.paid / failed / canceled webhooks record the payout and queue its
 * `payouts.reconcile` job, which converges it in `advancePayout` (pages, entries, ERP postings, status), one run per
 * payout at a time. `payouts.backfill` queues the same job for payouts from before the sidecar.
 */
export function registerPayouts(host: FlowHost, ports: PayoutsPorts, options: PayoutsOptions = {}): Payouts {
  const store = new SqlPayoutsStore(host.sql, host.flow);
  const { failures } = host;
  const chart = options.chart ?? defaultChartOfAccounts;
  const stripeCall = <T>(what: string, fn: () => Promise<T>) => failures.call("stripe", what, fn);
  const advance = advancePayout(host, {
    store,
    stripe: ports.stripe,
    erp: ports.erp,
    orders: ports.orders,
    refunds: ports.refunds,
    failures,
    chart,
  });
  const resolutions = new ResolveException({
    store,
    chart,
    orders: ports.orders,
    refunds: ports.refunds,
    resync: ports.resync,
    advance: (payoutId) => advance.run(payoutId),
  });

  const reconcile = async (payoutId: PayoutId) => {
    if (!(await store.load(payoutId))) {
      const payout = await stripeCall("fetch the payout", () => ports.stripe.retrieve(payoutId));
      await store.observe(payout, {
        key: eventKey("stripe-api", payoutId),
        aggregate: payoutId,
        kind: "event",
        name: "payout.fetched",
        detail: { status: payout.status },
      });
    }
    await advance.run(payoutId);
  };

  // Events.
  const events = handlePayoutEvent(ports.stripe, store, (jobs) => host.enqueue(jobs), stripeCall);
  for (const type of payoutEventTypes) host.onEvent("stripe", type, events);

  // Jobs.
  host.onJob(reconcilePayoutJob, ({ payoutId }) => reconcile(payoutId));
  host.onJob(backfillPayoutsJob, async ({ startingAfter, ...range }) => {
    const page = await stripeCall("list paid payouts", () => ports.stripe.paidPayouts(range, startingAfter ?? null));
    const known = await store.known(page.payouts.map((p) => p.id));
    const next = page.hasMore ? page.payouts.at(-1)?.id : undefined;
    await host.enqueue([
      ...page.payouts
        .filter((p) => !known.has(p.id))
        .map((p) => reconcilePayoutJob.with({ payoutId: p.id }, { idParts: [p.id, "backfill"] })),
      ...(next ? [backfillJob(range, next)] : []),
    ]);
  });

  return {
    reconcile,
    resolveException: (request) => resolutions.resolve(request),
    backfill: (range) => host.enqueue([backfillJob(range)]),
  };
}

export { payoutsFlow };
