import type { CustomerGuid } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Reconciler } from "../../flow-kit/reconciler.js";
import { type CustomerAction, identify } from "./customer-actions.js";
import type { CustomerState } from "./customers-store.js";
import { CustomerActionExecutor, type ExecutorPorts } from "./execute-customer-action.js";
import { planCustomer } from "./plan-customer.js";

export type AdvanceCustomer = Reconciler<CustomerGuid, CustomerState, CustomerAction>;

/**
 * Any news of a customer (an event, a backfill page) records what it says, then runs this: load the link and the
 * newest nop version, plan what Stripe still lacks, do it, one run per customer at a time.
 */
export function advanceCustomer(host: Pick<FlowHost, "reconciler">, ports: ExecutorPorts): AdvanceCustomer {
  const executor = new CustomerActionExecutor(ports);
  return host.reconciler<CustomerGuid, CustomerState, CustomerAction>({
    load: (guid) => ports.store.load(guid),
    plan: planCustomer,
    execute: executor.execute,
    identify,
  });
}
