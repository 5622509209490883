import { createShipmentCallbackVerifier } from "../../connectors/wms/shipment-callback-verifier.js";
import { paymentEventTypes } from "../../domain/payment-state.js";
import type { ExternalSystems } from "../../external-systems.js";
import type { Sidecar } from "../../sidecar.js";
import { SqlOrderToCashStore } from "./adapters/sql-order-to-cash-store.js";
import { advanceOrderJob } from "./advance-job.js";
import { AdvanceOrder, cancelUnpaidJob } from "./advance-order.js";
import { CancelUnpaidOrder } from "./cancel-unpaid.js";
import { ConnectorFailures } from "./connector-failures.js";
import { CreatePaymentIntent } from "./create-payment-intent.js";
import { HandleOrderEvent, orderEventTypes } from "./order-events.js";
import { type OrderToCashOptions, resolveOptions } from "./order-to-cash-options.js";
import { orderToCashRoutes } from "./order-to-cash-routes.js";
import { HandlePaymentEvent } from "./payment-events.js";
import { AlertUnknownOrder } from "./unknown-order.js";
import { unknownOrderJob } from "./unknown-order-job.js";

export type { OrderToCashOptions } from "./order-to-cash-options.js";

/** What the composition root (and tests, GraphQL) may call directly. */
export interface OrderToCash {
  createPaymentIntent: CreatePaymentIntent;
  /** Re-runs the flow for one order (e.g. after a dead letter was fixed by hand). */
  advance(orderGuid: string): Promise<void>;
}

/**
 * Wires the order-to-cash flow into a sidecar: Stripe payment webhooks and bridge order events through the
 * inbox, the advance, cancel-unpaid and unknown-order jobs, the plugin's payment routes and the WMS shipment callbacks.
 */
export function registerOrderToCash(
  sidecar: Sidecar,
  systems: ExternalSystems,
  options: OrderToCashOptions,
): OrderToCash {
  const resolved = resolveOptions(options);
  const store = new SqlOrderToCashStore(sidecar.db.sql);
  const failures = new ConnectorFailures(systems.notifier, resolved.alertIntervalMs);
  const advance = new AdvanceOrder({
    store,
    nop: systems.nop,
    erp: systems.erp,
    wms: systems.wms,
    stripe: systems.stripe,
    notifier: systems.notifier,
    queue: sidecar.queue,
    failures,
    options: resolved,
  });
  const createPaymentIntent = new CreatePaymentIntent(systems.stripe, systems.nop, store, resolved.rules, failures);

  const payments = new HandlePaymentEvent(systems.stripe, store, advance, failures);
  for (const type of paymentEventTypes) sidecar.handlers.on("stripe", type, payments.handle);
  const orders = new HandleOrderEvent(systems.stripe, store, advance, failures);
  for (const type of orderEventTypes) sidecar.handlers.on("bridge", type, orders.handle);

  sidecar.runner.register(advanceOrderJob, (job) => advance.run(String(job.data.orderGuid)));
  sidecar.runner.register(cancelUnpaidJob, new CancelUnpaidOrder(systems.stripe, systems.nop, store, failures).handle);
  sidecar.runner.register(unknownOrderJob, new AlertUnknownOrder(store, systems.notifier).handle);

  sidecar.routes.use(
    orderToCashRoutes({
      createIntent: createPaymentIntent,
      store,
      queue: sidecar.queue,
      verifyShipment: createShipmentCallbackVerifier({
        secrets: resolved.wmsCallbackSecrets,
        toleranceSeconds: resolved.toleranceSeconds,
      }),
      options: resolved,
    }),
  );
  return { createPaymentIntent, advance: (orderGuid) => advance.run(orderGuid) };
}
