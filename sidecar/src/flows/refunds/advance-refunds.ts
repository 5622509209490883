import type { OrderGuid } from "../../domain/ids.js";
import type { RefundRules } from "../../domain/refund-rules.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import { RefundActionExecutor, type RefundExecutorPorts } from "./execute-refund-action.js";
import { planRefunds } from "./plan-refunds.js";
import { identify, type RefundAction } from "./refund-actions.js";
import type { RefundsState } from "./refunds-store.js";

export type AdvanceRefunds = Reconciler<OrderGuid, RefundsState, RefundAction>;

/**
 * The refunds of one order converge here: load the order's payment and refunds, plan what is still due
 * (plan-refunds.ts), perform it (execute-refund-action.ts), one run per order at a time in every process.
 */
export function advanceRefunds(
  host: Pick<FlowHost, "reconciler">,
  ports: RefundExecutorPorts,
  rules: RefundRules,
): AdvanceRefunds {
  const executor = new RefundActionExecutor(ports);
  return host.reconciler<OrderGuid, RefundsState, RefundAction>({
    load: (orderGuid) => ports.store.getState(orderGuid),
    plan: (state) => planRefunds(state, rules),
    execute: executor.execute,
    identify,
  });
}
