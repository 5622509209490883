import type { ExternalSystems } from "../external-systems.js";
import type { Sidecar } from "../sidecar.js";

/**
 * Every flow registers its event handlers, jobs and routes here, in one place, so the composition root
 * and the sandbox wire the same product.
 */
export function registerFlows(_sidecar: Sidecar, _systems: ExternalSystems, _publicUrl: () => string): void {
  // Flows register here as they land (order-to-cash, reconciliation, refunds, ...).
}
