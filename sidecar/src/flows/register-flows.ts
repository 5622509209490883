import { StripeCustomersApi } from "../connectors/stripe/customers-api.js";
import { StripeDisputesApi } from "../connectors/stripe/disputes-api.js";
import { StripePaymentIntentsApi } from "../connectors/stripe/payment-intents-api.js";
import { stripeRefundEvents } from "../connectors/stripe/refund-objects.js";
import { StripeRefundsApi } from "../connectors/stripe/refunds-api.js";
import { stripeEvents } from "../connectors/stripe/stripe-events.js";
import type { ExternalSystems } from "../external-systems.js";
import type { StructuredModel } from "../llm/structured-model.js";
import { SqlMappingVersions } from "../mapping-versions/sql-mapping-versions.js";
import type { Sidecar } from "../sidecar.js";
import { type Disputes, type DisputesOptions, disputesFlow, registerDisputes } from "./disputes/index.js";
import {
  type OrderToCash,
  type OrderToCashOptions,
  orderToCashFlow,
  registerOrderToCash,
  SqlOrderPayments,
} from "./order-to-cash/index.js";
import { type Refunds, type RefundsOptions, refundsFlow, registerRefunds } from "./refunds/index.js";

/** What registering the flows hands back: the entry points a composition root or a test may call. */
export interface Flows {
  orderToCash: OrderToCash;
  disputes: Disputes;
  refunds: Refunds;
}

/** Per-flow option overrides, for tests (say, alerts without their rate limit). */
export interface FlowOverrides {
  orderToCash?: Partial<OrderToCashOptions>;
  disputes?: Partial<DisputesOptions>;
  refunds?: Partial<RefundsOptions>;
  /** The model asked for mapping-fix suggestions (the configured one once the LLM settings exist). */
  mappingFixModel?: StructuredModel | null;
}

/**
 * Every flow registers its event handlers, jobs and routes here, in one place, so the composition root,
 * the sandbox and the demo wire the same product. Each flow gets its FlowHost and its ports, never the Sidecar.
 */
export function registerFlows(
  sidecar: Sidecar,
  systems: ExternalSystems,
  publicUrl: () => string,
  overrides: FlowOverrides = {},
): Flows {
  const { config, secrets } = sidecar;
  const stripe = {
    paymentIntents: new StripePaymentIntentsApi(systems.stripe),
    customers: new StripeCustomersApi(systems.stripe),
    events: stripeEvents,
  };
  const orderToCash = registerOrderToCash(
    sidecar.hostFor(orderToCashFlow),
    { stripe, nop: systems.nop, erp: systems.erp, wms: systems.wms, notifier: sidecar.alerts },
    {
      publicUrl,
      ...(config.ORDER_TO_CASH_RULES ? { rules: config.ORDER_TO_CASH_RULES } : {}),
      wmsCallbackSecrets: systems.wmsCallbackSecrets,
      bridgeSecrets: () => secrets.bridgeSecrets(),
      toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
      ...overrides.orderToCash,
    },
  );
  // Order-to-cash's one read port, for the flows about an order's payment (refunds, disputes).
  const orderPayments = new SqlOrderPayments(sidecar.db.sql);
  const disputes = registerDisputes(
    sidecar.hostFor(disputesFlow),
    {
      disputes: new StripeDisputesApi(systems.stripe),
      orders: orderPayments,
      nop: systems.nop,
      erp: systems.erp,
      wms: systems.wms,
      notifier: sidecar.alerts,
    },
    { ...(config.DISPUTE_RULES ? { rules: config.DISPUTE_RULES } : {}), ...overrides.disputes },
  );
  const refunds = registerRefunds(
    sidecar.hostFor(refundsFlow),
    {
      refunds: new StripeRefundsApi(systems.stripe),
      refundEvents: stripeRefundEvents,
      nop: systems.nop,
      erp: systems.erp,
      notifier: sidecar.alerts,
      orders: orderPayments,
    },
    {
      ...(config.REFUND_RULES ? { rules: config.REFUND_RULES } : {}),
      bridgeSecrets: () => secrets.bridgeSecrets(),
      toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
      ...overrides.refunds,
    },
  );
  sidecar.flowApis.refunds = refunds;
  sidecar.flowApis.mappingFixes = {
    versions: new SqlMappingVersions(sidecar.db.sql),
    documents: orderToCash.salesOrderMappings,
    model: overrides.mappingFixModel ?? null,
  };
  return { orderToCash, refunds, disputes };
}
