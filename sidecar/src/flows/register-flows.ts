import type { ExternalSystems } from "../external-systems.js";
import type { Sidecar } from "../sidecar.js";
import { type OrderToCash, type OrderToCashOptions, registerOrderToCash } from "./order-to-cash/index.js";

/** What registering the flows hands back: the entry points a composition root or a test may call. */
export interface Flows {
  orderToCash: OrderToCash;
}

/** Per-flow option overrides, for tests (say, alerts without their rate limit). */
export interface FlowOverrides {
  orderToCash?: Partial<OrderToCashOptions>;
}

/**
 * Every flow registers its event handlers, jobs and routes here, in one place, so the composition root,
 * the sandbox and the demo wire the same product.
 */
export function registerFlows(
  sidecar: Sidecar,
  systems: ExternalSystems,
  publicUrl: () => string,
  overrides: FlowOverrides = {},
): Flows {
  const { config, secrets } = sidecar;
  const orderToCash = registerOrderToCash(sidecar, systems, {
    publicUrl,
    ...(config.ORDER_TO_CASH_RULES ? { rules: config.ORDER_TO_CASH_RULES } : {}),
    wmsCallbackSecrets: systems.wmsCallbackSecrets,
    bridgeSecrets: () => secrets.bridgeSecrets(),
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
    ...overrides.orderToCash,
  });
  return { orderToCash };
}
