import { RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { listen } from "@nop-stripe/simulator-support/http-server.js";
import express from "express";
import type { Logger } from "pino";
import { controlRouter } from "./control-router.js";
import type { NopSimulator } from "./nop-simulator-api.js";
import type { OpResult } from "./op-result.js";
import type { RetryPolicy } from "./outbox-retry.js";
import { pluginRefundCall } from "./plugin-refund-call.js";
import { adminPaymentRouter, SimAdminPayments } from "./sim-admin-payments.js";
import { SimCatalog } from "./sim-catalog.js";
import { SimCustomers } from "./sim-customers.js";
import { EventOutbox } from "./sim-event-outbox.js";
import { SimFaults } from "./sim-faults.js";
import { SimIdempotency } from "./sim-idempotency.js";
import { SimOnlineRefunds } from "./sim-online-refunds.js";
import { SimOrders } from "./sim-orders.js";
import { placeOrder } from "./sim-place-order.js";
import { SimRecurringBilling } from "./sim-recurring-billing.js";
import { SimRecurringPayments } from "./sim-recurring-payments.js";
import { SimReturnRequests } from "./sim-return-requests.js";
import { SimState } from "./sim-state.js";
import { type WriteBackHandlers, writeBackRouter } from "./write-back-router.js";

export type { NopSimulator, NopSimulatorOutbox } from "./nop-simulator-api.js";

export interface NopSimulatorOptions {
  host?: string;
  /** 0 (default): an ephemeral port. */
  port?: number;
  /** Where events go (POST {sidecarUrl}/bridge/events); unset: they wait in the outbox. */
  sidecarUrl?: string;
  /** Standard Webhooks secret (whsec_<base64>) the events are signed with. */
  eventSecret: string;
  /** Secret(s) the sidecar signs write-back calls with; several during a rotation. */
  writeBackSecret: string | readonly string[];
  /** Milliseconds since the epoch; drives timestamps, signatures and their window. */
  clock?: () => number;
  logger?: Logger;
  storeId?: number;
  primaryStoreCurrencyCode?: string;
  completeOrderWhenDelivered?: boolean;
  /** PaymentSettings.CancelRecurringPaymentsAfterFailedPayment; false as nopCommerce installs it. */
  cancelRecurringPaymentsAfterFailedPayment?: boolean;
  toleranceSeconds?: number;
  outboxRetry?: RetryPolicy;
  outboxConcurrency?: number;
  outboxTimeoutMs?: number;
  /** Seed a small catalog and two registered customers without events (default true). */
  seed?: boolean;
}

const defaultOutboxRetry: RetryPolicy = { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 5_000 };

function unwrap<T>(result: OpResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(
    `${result.failure.code}${result.failure.rule ? ` (${result.failure.rule})` : ""}: ${result.failure.message}`,
  );
}

/**
 * A nopCommerce store with the bridge plugin installed, in one process: the signed write-back API, an outbox that
 * posts signed events to the sidecar, and /_control routes for tests, the sandbox and benchmarks.
 */
export async function startNopSimulator(options: NopSimulatorOptions): Promise<NopSimulator> {
  const now = options.clock ?? Date.now;
  const secrets =
    typeof options.writeBackSecret === "string" ? [options.writeBackSecret] : [...options.writeBackSecret];
  const outbox = new EventOutbox({
    storeId: options.storeId ?? 1,
    eventSecret: options.eventSecret,
    sidecarUrl: options.sidecarUrl,
    now,
    retry: options.outboxRetry ?? defaultOutboxRetry,
    concurrency: options.outboxConcurrency ?? 1,
    timeoutMs: options.outboxTimeoutMs ?? 10_000,
    logger: options.logger,
  });
  const state = new SimState(
    {
      storeId: options.storeId ?? 1,
      primaryStoreCurrencyCode: options.primaryStoreCurrencyCode ?? "USD",
      completeOrderWhenDelivered: options.completeOrderWhenDelivered ?? true,
      cancelRecurringPaymentsAfterFailedPayment: options.cancelRecurringPaymentsAfterFailedPayment ?? false,
    },
    now,
    outbox,
  );
  const catalog = new SimCatalog(state);
  const customers = new SimCustomers(state);
  const recurring = new SimRecurringPayments(state);
  const orders = new SimOrders(state, catalog, recurring);
  const recurringBilling = new SimRecurringBilling(state, orders, catalog, recurring);
  const returns = new SimReturnRequests(state);
  // Where the payment plugin calls the sidecar (the outbox's URL; the outbox keeps it write-only).
  let sidecarUrl = options.sidecarUrl;
  const onlineRefunds = new SimOnlineRefunds(
    state,
    orders,
    pluginRefundCall(() => sidecarUrl, options.eventSecret),
  );
  const faults = new SimFaults();
  const deps = { state, catalog, customers, orders, recurring };
  const adminPayments = new SimAdminPayments(state, orders, () => ({
    sidecarUrl: outbox.sidecarUrl,
    bridgeSecret: options.eventSecret,
  }));
  if (options.seed !== false) seed(catalog, customers);

  const handlers: WriteBackHandlers = {
    getOrder: (r) => wrap(orders.get(r.orderId), "order"),
    markOrderAuthorized: (r) => wrap(orders.markAuthorized(r.orderId, r.authorizationTransactionId), "order"),
    markOrderPaid: (r) => wrap(orders.markPaid(r.orderId, r.captureTransactionId, r.captureTransactionResult), "order"),
    recordRefund: (r) => orders.recordRefund(r.orderId, r.kind, r.amount, r.refundId),
    voidOrder: (r) => wrap(orders.voidOrder(r.orderId), "order"),
    cancelOrder: (r) => wrap(orders.cancel(r.orderId), "order"),
    addOrderNote: (r) => wrap(orders.addOrderNote(r.orderId, r.note, r.displayToCustomer), "order"),
    addShipment: (r) => orders.addShipment(r.orderId, r.trackingNumber, r.items),
    markShipmentDelivered: (r) => orders.markDelivered(r.shipmentId),
    setStockQuantity: (r) => wrap(catalog.setStockQuantity(r.productId, r.stockQuantity, r.message), "product"),
    updateProductPrice: (r) => wrap(catalog.updateProductPrice(r.productId, r.price, r.oldPrice), "product"),
    listProducts: (r) => ({ ok: true, value: catalog.listProducts(r.pageIndex, r.pageSize) }),
    getCustomer: (r) => wrap(customers.get(r.customerId), "customer"),
    listCustomers: (r) => ({ ok: true, value: customers.list(r.pageIndex, r.pageSize, r.registeredOnly) }),
    getReturnRequest: (r) => wrap(returns.get(r.returnRequestId), "returnRequest"),
    setReturnRequestStatus: (r) =>
      wrap(returns.setStatus(r.returnRequestId, r.returnRequestStatusId, r.staffNotes), "returnRequest"),
    updateCustomer: (r) => customers.updateFromStripe(r),
    getRecurringPayment: (r) => recurring.get(r.recurringPaymentId),
    listRecurringPayments: (r) => ({ ok: true, value: recurring.list(r.pageIndex, r.pageSize) }),
    processNextRecurringPayment: (r) => recurringBilling.processNext(r),
    markRecurringPaymentFailed: (r) => recurringBilling.markFailed(r),
    cancelRecurringPayment: (r) => recurring.cancelFromStripe(r.recurringPaymentId, r.origin),
  };

  const sim: NopSimulator = {
    url: "",
    close: async () => {},
    stopListening: async () => {},
    listenAgain: async () => {},
    tryPlaceOrder: (input) => placeOrder(deps, input),
    placeOrder: (input) => unwrap(placeOrder(deps, input)),
    placeOrders: (count, input) => Array.from({ length: count }, () => unwrap(placeOrder(deps, input))),
    tryGetOrder: (orderId) => orders.get(orderId),
    getOrder: (orderId) => {
      const result = orders.get(orderId);
      return result.ok ? result.value : undefined;
    },
    registerCustomer: (input, options) => structuredClone(customers.register(input, options)),
    updateCustomer: (customerId, changes) => customers.update(customerId, changes),
    createProduct: (input) => structuredClone(catalog.createProduct(input)),
    deleteProduct: (productId) => catalog.deleteProduct(productId),
    products: () => structuredClone([...state.products.values()]),
    customers: () => structuredClone([...state.customers.values()]),
    createReturnRequest: (input) => returns.create(input),
    setReturnRequestStatus: (id, status, staffNotes) => returns.setStatus(id, status, staffNotes),
    refundOrder: (orderId, amount) => onlineRefunds.refund(orderId, amount),
    cancelRecurringPayment: (id) => recurring.cancel(id),
    recurringPayments: () => [...state.recurringPayments.keys()].map((id) => recurring.view(id).recurringPayment),
    recurringPaymentHistory: (id) => recurring.history(id),
    systemLog: () => structuredClone(state.log),
    customerNotifications: () => structuredClone(state.customerNotifications),
    adminCapture: (orderId) => adminPayments.capture(orderId),
    adminVoid: (orderId) => adminPayments.void(orderId),
    setFault: (fault) => faults.set(fault),
    fault: () => faults.current(),
    setSidecarUrl: (url) => {
      sidecarUrl = url;
      outbox.sidecarUrl = url;
    },
    counts: () => ({
      orders: state.orders.size,
      customers: state.customers.size,
      products: state.products.size,
      returnRequests: state.returnRequests.size,
      recurringPayments: state.recurringPayments.size,
    }),
    outbox: {
      flush: () => outbox.flush(),
      idle: () => outbox.idle(),
      stats: () => outbox.stats(),
      emitted: () => outbox.emitted(),
      rows: () => outbox.list(),
    },
  };

  const app = express();
  app.disable("x-powered-by");
  app.use("/_control", controlRouter(sim));
  app.use("/_control", adminPaymentRouter(adminPayments));
  app.use(
    writeBackRouter({
      handlers,
      secrets: () => secrets,
      now,
      toleranceSeconds: options.toleranceSeconds ?? 300,
      idempotency: new SimIdempotency(),
      faults,
      logger: options.logger,
    }),
  );
  const server = await listen(app, options.host, options.port);
  sim.url = server.url;
  sim.close = () => {
    outbox.close();
    return server.close();
  };
  sim.stopListening = () => {
    outbox.suspend();
    return server.stopListening();
  };
  sim.listenAgain = async () => {
    await server.listenAgain();
    outbox.resume();
  };
  return sim;
}

function wrap<K extends string, T>(result: OpResult<T>, key: K): OpResult<{ [P in K]: T }> {
  return result.ok ? { ok: true, value: { [key]: result.value } as { [P in K]: T } } : result;
}

/** A store that already has a catalog and customers, as a real one does (no events: it predates the plugin). */
function seed(catalog: SimCatalog, customers: SimCustomers): void {
  catalog.createProduct(
    { name: "Build your own computer", sku: "COMP_CUST", price: "1200.00", stockQuantity: 10_000 },
    { silent: true },
  );
  catalog.createProduct(
    { name: "Apple iCam", sku: "APPLE_CAM", price: "1300.00", stockQuantity: 10_000 },
    { silent: true },
  );
  catalog.createProduct(
    { name: "Night Visions (e-book)", sku: "NIGHT_VISIONS", price: "2.80", isShipEnabled: false, manageStock: false },
    { silent: true },
  );
  catalog.createProduct(
    {
      name: "Premium support (monthly)",
      sku: "SUPPORT_MONTHLY",
      price: "29.00",
      isShipEnabled: false,
      manageStock: false,
      recurring: { cycleLength: 1, cyclePeriodId: RecurringProductCyclePeriod.Months, totalCycles: 12 },
    },
    { silent: true },
  );
  customers.register({ email: "steve_gates@nopCommerce.com", firstName: "Steve", lastName: "Gates" }, { silent: true });
  customers.register(
    { email: "arthur_holmes@nopCommerce.com", firstName: "Arthur", lastName: "Holmes" },
    { silent: true },
  );
}
