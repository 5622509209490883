import type { OrderGuid } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import { type ExecutorPorts, OrderActionExecutor } from "./execute-order-action.js";
import { identify, type OrderAction } from "./order-actions.js";
import type { OrderState } from "./order-to-cash-store.js";
import { planOrder } from "./plan-order.js";

export type AdvanceOrder = Reconciler<OrderGuid, OrderState, OrderAction>;

/**
 * The convergent heart of the flow: any event about an order records what it learned, then runs this for the
 * order. It reads the whole state (nop snapshot, PaymentIntent, shipment notices, actions done), plans the
 * actions still missing (plan-order.ts) and performs them (execute-order-action.ts), one run per order at a time.
 */
export function advanceOrder(host: Pick<FlowHost, "reconciler">, ports: ExecutorPorts): AdvanceOrder {
  const executor = new OrderActionExecutor(ports);
  return host.reconciler<OrderGuid, OrderState, OrderAction>({
    load: (orderGuid) => ports.store.getOrderState(orderGuid),
    plan: (state) => planOrder(state, ports.options.rules),
    execute: executor.execute,
    identify,
  });
}
