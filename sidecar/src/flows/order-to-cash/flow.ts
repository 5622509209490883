import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { createShipmentCallbackVerifier } from "../../connectors/wms/shipment-callback-verifier.js";
import type { WmsPort } from "../../connectors/wms/wms-port.js";
import { type OrderGuid, orderGuid } from "../../domain/ids.js";
import { paymentEventTypes } from "../../domain/payment-state.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { ActiveMappings } from "../../mapping-versions/mapping-versions.js";
import { SqlMappingVersions } from "../../mapping-versions/sql-mapping-versions.js";
import type { StripeCustomerLinks } from "../../ports/customer-links.js";
import type { Notifier } from "../../ports/notifier.js";
import type { StripePorts } from "../../ports/stripe.js";
import { SqlOrderToCashStore } from "./adapters/sql-order-to-cash-store.js";
import { advanceOrder } from "./advance-order.js";
import { CancelUnpaidOrder } from "./cancel-unpaid.js";
import { type CaptureGate, CreatePaymentIntent } from "./create-payment-intent.js";
import { advanceOrderJob, cancelUnpaidJob, unknownOrderJob } from "./jobs.js";
import { HandleOrderEvent, orderEventTypes } from "./order-events.js";
import { type OrderToCashOptions, resolveOptions } from "./order-to-cash-options.js";
import { orderToCashRoutes } from "./order-to-cash-routes.js";
import { AdminPaymentCalls } from "./payment-calls.js";
import { HandlePaymentEvent } from "./payment-events.js";
import { type SalesOrderMappings, StoredSalesOrderMappings } from "./sales-order-preview.js";
import { HandleShipmentEvent, shipmentEventTypes } from "./shipment-events.js";
import { AlertUnknownOrder } from "./unknown-order.js";

/** The systems the flow talks to, behind the ports it owns. */
export interface OrderToCashPorts {
  stripe: StripePorts;
  /** The customers flow's link from a nop customer to its one Stripe customer. */
  customerLinks: StripeCustomerLinks;
  nop: NopPort;
  erp: ErpPort;
  wms: WmsPort;
  notifier: Notifier;
  /** The risk flow's say on new PaymentIntents (authorize first, decide, then capture); none: order-to-cash's rules. */
  captureGate?: CaptureGate;
}

/** What the composition root (and tests, GraphQL) may call directly. */
export interface OrderToCash {
  createPaymentIntent: CreatePaymentIntent;
  /** Re-runs the flow for one order (e.g. after a dead letter was fixed by hand). */
  advance(orderGuid: string): Promise<void>;
  /** The ERP sales order mapping applied to a stored order, for mapping-fix previews. */
  salesOrderMappings: SalesOrderMappings;
  /** Captures an order's authorization for another flow (`by`, e.g. risk): the one capture under the order's key. */
  captureFor(by: string, orderGuid: OrderGuid): Promise<{ status: string }>;
}

/**
 * Order-to-cash, declared: what it reacts to (Stripe payment webhooks, bridge order events and WMS shipment
 * callbacks, all through the inbox), the jobs it runs, and its HTTP routes (the plugin's payment calls and the
 * WMS callbacks). Everything about one order converges in `advanceOrder`.
 */
export function registerOrderToCash(
  host: FlowHost,
  ports: OrderToCashPorts,
  options: OrderToCashOptions,
  mappings: ActiveMappings = new SqlMappingVersions(host.sql),
): OrderToCash {
  const resolved = resolveOptions(options);
  const store = new SqlOrderToCashStore(host.sql, host.actionLog);
  const { failures } = host;
  const call = failures.call.bind(failures);
  const stripeCall = <T>(what: string, fn: () => Promise<T>) => failures.call("stripe", what, fn);
  const advance = advanceOrder(host, {
    store,
    nop: ports.nop,
    erp: ports.erp,
    wms: ports.wms,
    notifier: ports.notifier,
    enqueue: (jobs) => host.enqueue(jobs),
    failures,
    options: resolved,
    mappings,
  });
  const { stripe } = ports;

  // Events: Stripe's payment webhooks, the bridge's order events, the WMS's shipment callbacks.
  const payments = new HandlePaymentEvent(stripe.events, stripe.paymentIntents, store, advance, stripeCall);
  for (const type of paymentEventTypes) host.onEvent("stripe", type, payments.handle);
  const orders = new HandleOrderEvent(stripe.paymentIntents, store, advance, stripeCall);
  for (const type of orderEventTypes) host.onEvent("bridge", type, orders.handle);
  const shipments = new HandleShipmentEvent(store, advance);
  for (const type of shipmentEventTypes) host.onEvent("wms", type, shipments.handle);

  // Jobs.
  host.onJob(advanceOrderJob, ({ orderGuid }) => advance.run(orderGuid));
  host.onJob(cancelUnpaidJob, new CancelUnpaidOrder(stripe.paymentIntents, ports.nop, store, advance, call).handle);
  host.onJob(unknownOrderJob, new AlertUnknownOrder(store, ports.notifier).handle);

  // Routes.
  const createPaymentIntent = new CreatePaymentIntent(
    stripe,
    ports.customerLinks,
    ports.nop,
    store,
    resolved.rules,
    call,
    ports.captureGate ?? null,
  );
  const adminCalls = new AdminPaymentCalls(stripe.paymentIntents, store, advance, (jobs) => host.enqueue(jobs), call);
  const verifyShipment = createShipmentCallbackVerifier({
    secrets: resolved.wmsCallbackSecrets,
    toleranceSeconds: resolved.toleranceSeconds,
  });
  const shipmentCallbacks = host.eventRoute({
    source: "wms",
    badSignatureStatus: 401,
    verify: (body, req) => {
      const verified = verifyShipment(body, req.headers);
      return verified.ok ? { ok: true, value: verified.notification } : verified;
    },
    toIncoming: (notification, signedBody) => ({
      source: "wms",
      eventId: notification.id,
      type: notification.type,
      occurredAt: undefined, // the WMS's own timestamp is text it chose; the payload keeps it
      payload: notification,
      signedBody,
    }),
  });
  host.addRoutes(
    orderToCashRoutes({
      createIntent: createPaymentIntent,
      adminCalls,
      enqueue: (jobs) => host.enqueue(jobs),
      shipmentCallbacks,
      options: resolved,
    }),
  );
  return {
    createPaymentIntent,
    advance: (guid) => advance.run(orderGuid(guid)),
    salesOrderMappings: new StoredSalesOrderMappings(store),
    captureFor: (by, guid) => adminCalls.captureFor(by, guid),
  };
}
