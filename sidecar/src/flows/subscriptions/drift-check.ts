import { nopRecurringPaymentId } from "@nop-stripe/contract/nop-ids.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import type { AdvanceSubscription } from "./advance-subscription.js";
import { hasEnded } from "./plan-subscription.js";
import { recurringPaymentKey } from "./subscription-actions.js";
import type { SubscriptionsStore } from "./subscriptions-store.js";

/** One recurring payment whose two sides disagree, as read now from both systems. */
export interface Drift {
  recurringPaymentId: number;
  subscriptionId: string;
  nopActive: boolean;
  stripeStatus: string;
  problem: "nop cancelled, Stripe still bills" | "Stripe ended, nop still active" | "Stripe has no such subscription";
}

export interface DriftReport {
  checked: number;
  drifts: Drift[];
}

interface DriftPorts {
  store: Pick<SubscriptionsStore, "linked" | "observeSubscription" | "markNopInactive">;
  nop: Pick<NopPort, "getRecurringPayment">;
  subscriptions: Pick<SubscriptionsPort, "retrieveSubscription">;
  failures: ConnectorFailures;
  advance: AdvanceSubscription;
}

const pageSize = 100;

/**
 * Reads both sides of every recurring payment the flow made a subscription for, a page at a time, and reports
 * where they disagree. What it read is stored like an event's news and the recurring payment advanced, so a
 * missed webhook or bridge event is made good by the next check rather than by hand.
 */
export async function checkDrift(ports: DriftPorts): Promise<DriftReport> {
  const drifts: Drift[] = [];
  let checked = 0;
  for (let after = 0; ; ) {
    const page = await ports.store.linked(after, pageSize);
    for (const { recurringPaymentId, subscriptionId } of page) {
      checked++;
      const drift = await checkOne(ports, recurringPaymentId, subscriptionId);
      if (drift) drifts.push(drift);
    }
    if (page.length < pageSize) return { checked, drifts };
    after = page.at(-1)!.recurringPaymentId;
  }
}

async function checkOne(
  ports: DriftPorts,
  recurringPaymentId: number,
  subscriptionId: string,
): Promise<Drift | undefined> {
  const [sub, nop] = await Promise.all([
    ports.failures.call("stripe", "read the subscription", () =>
      ports.subscriptions.retrieveSubscription(subscriptionId),
    ),
    ports.failures.call("nop", "read the recurring payment", () =>
      ports.nop.getRecurringPayment({ recurringPaymentId: nopRecurringPaymentId(recurringPaymentId) }),
    ),
  ]);
  const nopActive = nop.ok ? nop.value.recurringPayment.isActive && !nop.value.recurringPayment.deleted : false;
  const stripeStatus = sub.ok ? sub.value.status : "missing";
  const ended = !sub.ok || hasEnded(stripeStatus);
  const problem: Drift["problem"] | undefined = !sub.ok
    ? "Stripe has no such subscription"
    : !nopActive && !ended
      ? "nop cancelled, Stripe still bills"
      : nopActive && ended
        ? "Stripe ended, nop still active"
        : undefined;
  if (sub.ok) await ports.store.observeSubscription(sub.value);
  if (!nopActive) await ports.store.markNopInactive(recurringPaymentId, null);
  if (problem) await ports.advance.run(recurringPaymentKey(recurringPaymentId));
  return problem ? { recurringPaymentId, subscriptionId, nopActive, stripeStatus, problem } : undefined;
}
