import type { MappingFixSources } from "../sidecar/src/dead-letters/mapping-fixes.js";
import type { Customers } from "../sidecar/src/flows/customers/index.js";
import type { Payouts } from "../sidecar/src/flows/payouts/index.js";
import type { Refunds } from "../sidecar/src/flows/refunds/index.js";
import type { Risk } from "../sidecar/src/flows/risk/index.js";
import type { Subscriptions } from "../sidecar/src/flows/subscriptions/index.js";

/**
 * The flows' entry points GraphQL writes go through. The Sidecar makes the GraphQL context before the flows are
 * registered, so this is a slot the flow registration fills (register-flows.ts); unset, the mutation says so.
 */
export interface FlowApis {
  refunds?: Refunds;
  /** Mapping-fix suggestions for dead letters: the mapping versions and the documents they make. */
  mappingFixes?: MappingFixSources;
  risk?: Risk;
  payouts?: Payouts;
  subscriptions?: Subscriptions;
  /** The customers flow: its read model and the backfill. */
  customers?: Customers;
}
