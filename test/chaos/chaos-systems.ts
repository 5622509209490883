// Stripe, the store, the ERP and the warehouse for one experiment, in this process: the sandbox's simulators,
// with the retry behaviour of the real senders rather than the sandbox's short one, so an outage of the
// sidecar is ridden out as it would be in production.
import { pino } from "pino";
import { type Sandbox, startSandbox } from "../../sidecar/src/sandbox/start-sandbox.js";

/**
 * Stripe retries a webhook for three days; the store's plugin retries its outbox without a limit (5 s doubling to
 * 30 min). Both are compressed here so that an experiment of minutes sees the same thing: no event given up.
 */
const stripeRetrySchedule = [1000, 5000, 15_000, 30_000, ...Array.from({ length: 60 }, () => 60_000)];
const nopOutboxRetry = { maxAttempts: 100_000, baseDelayMs: 500, maxDelayMs: 15_000 };

export async function startChaosSystems(): Promise<Sandbox> {
  return startSandbox({
    logger: pino({ level: "silent" }),
    // The warehouse ships only when told: an order is complete once the fulfillment request exists.
    wmsShipAfterMs: null,
    wmsDeliverAfterMs: null,
    stripeWebhookRetrySchedule: stripeRetrySchedule,
    stripeWebhookConcurrency: 8,
    nopOutboxConcurrency: 8,
    nopOutboxRetry,
  });
}
