import type Stripe from "stripe";
import type { SqlRunner } from "../db/migrate.js";
import type { ExternalSystems } from "../external-systems.js";
import { SqlOrderPaymentStatuses } from "../flows/order-to-cash/index.js";
import { SqlRefundRecords } from "../flows/refunds/index.js";
import type { Sidecar } from "../sidecar.js";
import { DriftCheck } from "./drift-check.js";
import { driftCheckJob, lookbackPeriod, nextDriftJob } from "./drift-job.js";
import { SqlDriftStore } from "./sql-drift-store.js";
import { StripeClientActivity } from "./stripe-activity.js";

export { DriftCheck, type DriftReport } from "./drift-check.js";

/** The drift check over this database and Stripe client (the scheduled job and the CLI build it alike). */
export function driftCheckOn(sql: SqlRunner, stripe: Stripe): DriftCheck {
  return new DriftCheck({
    stripe: new StripeClientActivity(stripe),
    orders: new SqlOrderPaymentStatuses(sql),
    refunds: new SqlRefundRecords(sql),
    store: new SqlDriftStore(sql),
  });
}

/** Schedules the drift check (DRIFT_CHECK_*): each run checks its look-back period and queues the next run. */
export function registerDriftCheck(sidecar: Sidecar, systems: ExternalSystems): DriftCheck {
  const { config } = sidecar;
  const host = sidecar.hostFor("ledger-drift");
  const check = driftCheckOn(sidecar.db.sql, systems.stripe);
  const schedule = { intervalMs: config.DRIFT_CHECK_INTERVAL, lookbackMs: config.DRIFT_CHECK_LOOKBACK };
  host.onJob(driftCheckJob, async () => {
    const now = Date.now();
    await check.run(lookbackPeriod(now, schedule.lookbackMs));
    await host.enqueue([nextDriftJob(schedule, now)]);
  });
  // Never silently unscheduled: a queue that refuses the first run is an alert (the next start tries again).
  if (config.DRIFT_CHECK_ENABLED)
    void host.enqueue([nextDriftJob(schedule, Date.now())]).catch((error: unknown) =>
      sidecar.alerts.alert({
        severity: "warning",
        code: "ledger.drift_check_not_scheduled",
        message: `the drift check could not be scheduled: ${(error as Error).message}; run \`sidecar drift-check\``,
      }),
    );
  return check;
}
