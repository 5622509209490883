import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { SubscriptionActionExecutor, type SubscriptionExecutorPorts } from "./execute-subscription-action.js";
import { planSubscription } from "./plan-subscription.js";
import { identify, type RecurringPaymentKey, type SubscriptionAction } from "./subscription-actions.js";
import type { SubscriptionState } from "./subscriptions-store.js";

export type AdvanceSubscription = Reconciler<RecurringPaymentKey, SubscriptionState, SubscriptionAction>;

export interface AdvanceSubscriptionPorts extends Omit<SubscriptionExecutorPorts, "reload"> {
  orders: Pick<OrderPayments, "byOrder">;
}

/**
 * The convergent heart of the flow: any event about a recurring payment (from nopCommerce, Stripe or
 * order-to-cash's paid order) records what it said, then runs this. It reads the recurring payment, the invoices of
 * its subscription, the first order's payment (order-to-cash's read port) and the actions done, plans what is still
 * missing (plan-subscription.ts) and performs it, one run per recurring payment at a time.
 */
export function advanceSubscription(
  host: Pick<FlowHost, "reconciler">,
  ports: AdvanceSubscriptionPorts,
): AdvanceSubscription {
  const load = async (recurringPaymentId: number): Promise<SubscriptionState | undefined> => {
    const loaded = await ports.store.load(recurringPaymentId);
    if (!loaded) return undefined;
    const firstOrder = await ports.orders.byOrder(loaded.recurringPayment.initialOrderGuid);
    return { ...loaded, firstOrder };
  };
  const reload = async (recurringPaymentId: number) => {
    const state = await load(recurringPaymentId);
    if (!state) throw new Error(`recurring payment ${recurringPaymentId} vanished during its run`);
    return state;
  };
  const executor = new SubscriptionActionExecutor({ ...ports, reload });
  return host.reconciler<RecurringPaymentKey, SubscriptionState, SubscriptionAction>({
    load: (key) => load(Number(key)),
    plan: planSubscription,
    execute: executor.execute,
    identify,
  });
}
