import type { PayoutId } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import { PayoutActionExecutor, type PayoutExecutorPorts } from "./execute-payout-action.js";
import { identifyPayoutAction, type PayoutAction } from "./payout-actions.js";
import type { PayoutState } from "./payouts-store.js";
import { planPayout } from "./plan-payout.js";

/**
 * One run takes a page per step, then a posting per entry: 10,000 transactions are ~100 pages and ~200 entries,
 * so the default bound of 100 would fail every large payout into a retry's backoff. Repeats cannot loop (the run
 * performs each action once), so this only has to exceed the largest payout's pages plus entries.
 */
const payoutMaxSteps = 1_000_000;

export type AdvancePayout = Reconciler<PayoutId, PayoutState, PayoutAction>;

/**
 * The convergent heart of the flow: any event about a payout records what Stripe said, then runs this. It reads
 * the payout as stored, plans what is missing (plan-payout.ts) and performs it (execute-payout-action.ts), one run
 * per payout at a time. A crash between steps resumes at the next page or the next entry to post.
 */
export function advancePayout(host: Pick<FlowHost, "reconciler">, ports: PayoutExecutorPorts): AdvancePayout {
  const executor = new PayoutActionExecutor(ports);
  return host.reconciler<PayoutId, PayoutState, PayoutAction>({
    load: (payoutId) => ports.store.load(payoutId),
    plan: planPayout,
    execute: executor.execute,
    identify: identifyPayoutAction,
    maxSteps: payoutMaxSteps,
  });
}
