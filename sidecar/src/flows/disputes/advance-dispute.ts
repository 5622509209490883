import type { DisputeRules } from "../../domain/dispute-rules.js";
import type { DisputeId } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { type DisputeAction, identify } from "./dispute-actions.js";
import type { DisputeState } from "./disputes-store.js";
import { DisputeActionExecutor, type DisputeExecutorPorts } from "./execute-dispute-action.js";
import { planDispute } from "./plan-dispute.js";

export type AdvanceDispute = Reconciler<DisputeId, DisputeState, DisputeAction>;

export interface AdvanceDisputePorts extends DisputeExecutorPorts {
  orders: OrderPayments;
  rules: DisputeRules;
  now?: () => Date;
}

/**
 * The convergent heart of the flow: any event about a dispute records what Stripe said, then runs this. It reads
 * the dispute, the order it is about (through order-to-cash's read port) and the actions done, plans what is
 * still missing (plan-dispute.ts) and performs it (execute-dispute-action.ts), one run per dispute at a time.
 */
export function advanceDispute(host: Pick<FlowHost, "reconciler">, ports: AdvanceDisputePorts): AdvanceDispute {
  const executor = new DisputeActionExecutor(ports);
  const now = ports.now ?? (() => new Date());
  return host.reconciler<DisputeId, DisputeState, DisputeAction>({
    load: async (disputeId) => {
      const loaded = await ports.store.load(disputeId);
      if (!loaded) return undefined;
      const { paymentIntentId } = loaded.dispute;
      const order = paymentIntentId ? await ports.orders.orderOfPayment(paymentIntentId) : undefined;
      // Kept on the dispute for the lists (store-limited tokens, the order's disputes).
      if (order) await ports.store.linkOrder(disputeId, order.orderGuid, order.storeId);
      return { ...loaded, order, now: now() };
    },
    plan: (state) => planDispute(state, ports.rules),
    execute: executor.execute,
    identify,
  });
}
