import type { ExternalSystems } from "../external-systems.js";
import type { Sidecar } from "../sidecar.js";
import { registerOrderToCash } from "./order-to-cash/index.js";

/**
 * Every flow registers its event handlers, jobs and routes here, in one place, so the composition root,
 * the sandbox and the demo wire the same product.
 */
export function registerFlows(sidecar: Sidecar, systems: ExternalSystems, publicUrl: () => string): void {
  const { config, secrets } = sidecar;
  registerOrderToCash(sidecar, systems, {
    publicUrl,
    ...(config.ORDER_TO_CASH_RULES ? { rules: config.ORDER_TO_CASH_RULES } : {}),
    wmsCallbackSecrets: systems.wmsCallbackSecrets,
    bridgeSecrets: () => secrets.bridgeSecrets(),
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  });
}
