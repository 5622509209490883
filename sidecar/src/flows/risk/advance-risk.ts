import type { OrderGuid } from "../../domain/ids.js";
import { type RiskRules, riskRulesForStore } from "../../domain/risk/risk-rules.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import type { OrderCustomers } from "../order-to-cash/index.js";
import { RiskActionExecutor, type RiskExecutorPorts } from "./execute-risk-action.js";
import { planRisk } from "./plan-risk.js";
import { identify, type RiskAction } from "./risk-actions.js";
import type { RiskState } from "./risk-store.js";

export type AdvanceRisk = Reconciler<OrderGuid, RiskState, RiskAction>;

export interface AdvanceRiskPorts extends RiskExecutorPorts {
  customers: OrderCustomers;
  rules: RiskRules;
  now: () => Date;
}

/**
 * The convergent heart of the flow: any event about an order's risk (an authorization to decide, a reviewer's
 * decision, a timer, a Radar review) records what it learned, then runs this. It reads the case, the review, the
 * order as order-to-cash stored it and the actions done, plans (plan-risk.ts) and performs (execute-risk-action.ts),
 * one run per order at a time.
 */
export function advanceRisk(host: Pick<FlowHost, "reconciler">, ports: AdvanceRiskPorts): AdvanceRisk {
  const executor = new RiskActionExecutor(ports);
  return host.reconciler<OrderGuid, RiskState, RiskAction>({
    load: async (orderGuid) => {
      const loaded = await ports.store.load(orderGuid);
      if (!loaded.riskCase && !loaded.review) return undefined;
      const order = await ports.customers.orderOf(orderGuid);
      const storeId = loaded.riskCase?.storeId ?? order?.storeId ?? 0;
      return { ...loaded, order, rules: riskRulesForStore(ports.rules, storeId), now: ports.now() };
    },
    plan: planRisk,
    execute: executor.execute,
    identify,
  });
}
