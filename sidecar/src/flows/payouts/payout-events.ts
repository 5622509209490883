import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxHandler } from "../../flow-kit/inbox-handler.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import type { PayoutSnapshot, PayoutsPort } from "../../ports/stripe-payouts.js";
import { reconcilePayoutJob } from "./jobs.js";
import type { PayoutsStore } from "./payouts-store.js";

/** Stripe's payout webhooks the flow follows: a payout that arrived, and one that did not (or no longer did). */
export const payoutEventTypes = ["payout.paid", "payout.failed", "payout.canceled"] as const;

/**
 * A payout.* webhook -> the stored payout (status merged forward) -> its reconcile job. A paid payout is re-fetched,
 * since Stripe may have failed it since the event was sent; failed and canceled are final. A job per Stripe status,
 * so a redelivered event queues nothing new and a failure after paid queues the reversal.
 */
export function handlePayoutEvent(
  stripe: Pick<PayoutsPort, "fromEvent" | "retrieve">,
  store: Pick<PayoutsStore, "observe">,
  enqueue: (jobs: JobSpec[]) => Promise<void>,
  stripeCall: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
): InboxHandler {
  return async (event) => {
    const carried = stripe.fromEvent({ eventId: event.eventId, payload: event.payload });
    const payout: PayoutSnapshot =
      carried.status === "paid" ? await stripeCall("re-fetch the payout", () => stripe.retrieve(carried.id)) : carried;
    await store.observe(payout, {
      key: eventKey("stripe", event.eventId),
      aggregate: payout.id,
      kind: "event",
      name: event.type,
      detail: { eventId: event.eventId, status: carried.status, observedStatus: payout.status },
    });
    await enqueue([reconcilePayoutJob.with({ payoutId: payout.id }, { idParts: [payout.id, payout.status] })]);
  };
}
