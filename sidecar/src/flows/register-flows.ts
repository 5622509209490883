import { StripeCustomersApi } from "../connectors/stripe/customers-api.js";
import { StripeDisputesApi } from "../connectors/stripe/disputes-api.js";
import { StripePaymentIntentsApi } from "../connectors/stripe/payment-intents-api.js";
import { StripePayoutsApi } from "../connectors/stripe/payouts-api.js";
import { StripeRadarApi } from "../connectors/stripe/radar-api.js";
import { stripeRefundEvents } from "../connectors/stripe/refund-objects.js";
import { StripeRefundsApi } from "../connectors/stripe/refunds-api.js";
import { stripeEvents } from "../connectors/stripe/stripe-events.js";
import { StripeSubscriptionsApi } from "../connectors/stripe/subscriptions-api.js";
import { defaultRiskRules } from "../domain/risk/risk-rules.js";
import type { ExternalSystems } from "../external-systems.js";
import { registerDriftCheck } from "../ledger-drift/index.js";
import { registerLedgerReads } from "../ledger-reads/index.js";
import { FraudAdvisor } from "../llm/fraud-advisor.js";
import type { StructuredModel } from "../llm/structured-model.js";
import { structuredModelFrom } from "../llm/structured-model-from.js";
import { SqlMappingVersions } from "../mapping-versions/sql-mapping-versions.js";
import type { Sidecar } from "../sidecar.js";
import { type Customers, type CustomersOptions, customersFlow, registerCustomers } from "./customers/index.js";
import { type Disputes, type DisputesOptions, disputesFlow, registerDisputes } from "./disputes/index.js";
import {
  type OrderToCash,
  type OrderToCashOptions,
  orderToCashFlow,
  registerOrderToCash,
  SqlOrderCustomers,
  SqlOrderPayments,
  SqlOrderSettlements,
} from "./order-to-cash/index.js";
import { type Payouts, type PayoutsOptions, payoutsFlow, registerPayouts } from "./payouts/index.js";
import {
  type Refunds,
  type RefundsOptions,
  refundsFlow,
  registerRefunds,
  SqlRecordedRefunds,
} from "./refunds/index.js";
import { RefundRefusedError } from "./refunds/request-refund.js";
import { type Risk, type RiskOptions, registerRisk, riskCaptureGate, riskFlow } from "./risk/index.js";
import {
  registerSubscriptions,
  type Subscriptions,
  type SubscriptionsOptions,
  subscriptionsFlow,
} from "./subscriptions/index.js";

/** What registering the flows hands back: the entry points a composition root or a test may call. */
export interface Flows {
  orderToCash: OrderToCash;
  disputes: Disputes;
  refunds: Refunds;
  risk: Risk;
  payouts: Payouts;
  subscriptions: Subscriptions;
  customers: Customers;
}

/** Per-flow option overrides, for tests (say, alerts without their rate limit). */
export interface FlowOverrides {
  orderToCash?: Partial<OrderToCashOptions>;
  disputes?: Partial<DisputesOptions>;
  refunds?: Partial<RefundsOptions>;
  risk?: Partial<RiskOptions>;
  payouts?: Partial<PayoutsOptions>;
  subscriptions?: Partial<SubscriptionsOptions>;
  customers?: Partial<CustomersOptions>;
  /** The language model the flows may ask (risk advice, mapping fixes); unset: the one LLM_* configures, if any. */
  model?: StructuredModel | null;
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
  const stripe = { paymentIntents: new StripePaymentIntentsApi(systems.stripe), events: stripeEvents };
  const customers = registerCustomers(
    sidecar.hostFor(customersFlow),
    { customers: new StripeCustomersApi(systems.stripe), nop: systems.nop },
    {
      backfillPerSecond: backfillPerSecond(config),
      ...(config.CUSTOMER_FIELD_OWNERSHIP ? { ownership: config.CUSTOMER_FIELD_OWNERSHIP } : {}),
      driftCheckEveryMs: config.CUSTOMERS_DRIFT_CHECK_MS,
      ...overrides.customers,
    },
  );
  sidecar.flowApis.customers = customers;
  // Order-to-cash's read port of orders and customers (the risk flow's history), and the risk flow's say on capture.
  const orderCustomers = new SqlOrderCustomers(sidecar.db.sql);
  const riskRules = overrides.risk?.rules ?? config.RISK_RULES ?? defaultRiskRules;
  const orderToCash = registerOrderToCash(
    sidecar.hostFor(orderToCashFlow),
    {
      stripe,
      nop: systems.nop,
      erp: systems.erp,
      wms: systems.wms,
      notifier: sidecar.alerts,
      captureGate: riskCaptureGate(riskRules, orderCustomers),
      customerLinks: customers.links,
    },
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
  // Advisory everywhere: with no model configured, the rules and heuristics decide alone.
  const model = overrides.model !== undefined ? overrides.model : structuredModelFrom(config, sidecar.vault);
  sidecar.flowApis.mappingFixes = {
    versions: new SqlMappingVersions(sidecar.db.sql),
    documents: orderToCash.salesOrderMappings,
    model,
  };
  const risk = registerRisk(
    sidecar.hostFor(riskFlow),
    {
      radar: new StripeRadarApi(systems.stripe),
      intents: stripe.paymentIntents,
      nop: systems.nop,
      notifier: sidecar.alerts,
      orders: orderPayments,
      customers: orderCustomers,
      capture: (orderGuid) => orderToCash.captureFor("risk", orderGuid),
      refundOrder: async ({ orderGuid, requestId, reason }) => {
        const paid = (await orderPayments.byOrder(orderGuid))?.amountReceived;
        if (!paid || paid.amount === 0) return "not refunded: nothing was received";
        try {
          await refunds.refund({ orderGuid, amount: paid, reason, requestId, actor: "risk" });
          return "refunded in full by rule";
        } catch (error) {
          if (error instanceof RefundRefusedError) return `not refunded: ${error.message}`;
          throw error;
        }
      },
      advisor: model ? new FraudAdvisor(model) : null,
    },
    {
      ...(config.RISK_MODEL_FILE ? { model: config.RISK_MODEL_FILE } : {}),
      ...overrides.risk,
      rules: riskRules,
    },
  );
  sidecar.flowApis.risk = risk;
  const payouts = registerPayouts(
    sidecar.hostFor(payoutsFlow),
    {
      stripe: new StripePayoutsApi(systems.stripe),
      erp: systems.erp,
      orders: new SqlOrderSettlements(sidecar.db.sql),
      refunds: new SqlRecordedRefunds(sidecar.db.sql),
      resync: async (orderGuid) => {
        await orderToCash.advance(orderGuid);
        await refunds.advance(orderGuid);
      },
    },
    { ...(config.CHART_OF_ACCOUNTS ? { chart: config.CHART_OF_ACCOUNTS } : {}), ...overrides.payouts },
  );
  sidecar.flowApis.payouts = payouts;
  // The ledger's read side (issue 17): finance's exports over what the payouts flow stored.
  registerLedgerReads(sidecar);
  registerDriftCheck(sidecar, systems);
  const subscriptions = registerSubscriptions(
    sidecar.hostFor(subscriptionsFlow),
    {
      subscriptions: new StripeSubscriptionsApi(systems.stripe),
      orders: orderPayments,
      nop: systems.nop,
      notifier: sidecar.alerts,
    },
    {
      driftCheckEveryMs: config.SUBSCRIPTIONS_DRIFT_CHECK_MS,
      backfillPerSecond: backfillPerSecond(config),
      ...overrides.subscriptions,
    },
  );
  sidecar.flowApis.subscriptions = subscriptions;
  return { orderToCash, refunds, disputes, risk, payouts, subscriptions, customers };
}

/** Stripe's rate limit for the key's mode unless set: 25 requests per second in test mode (and the sandbox), 100 live. */
function backfillPerSecond(config: Sidecar["config"]): number {
  if (config.CUSTOMER_BACKFILL_PER_SECOND) return config.CUSTOMER_BACKFILL_PER_SECOND;
  return /^(sk|rk)_live_/.test(config.STRIPE_SECRET_KEY ?? "") ? 100 : 25;
}
