import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { OrderGuid } from "../../domain/ids.js";
import { assessRisk } from "../../domain/risk/assess-risk.js";
import type { RiskAdvisor } from "../../domain/risk/risk-advice.js";
import type { RiskAssessment, RiskFacts } from "../../domain/risk/risk-facts.js";
import type { RiskModel } from "../../domain/risk/risk-model.js";
import { defaultRiskRules, type RiskRules, type StoreRiskRules } from "../../domain/risk/risk-rules.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Notifier } from "../../ports/notifier.js";
import type { PaymentIntentsPort } from "../../ports/stripe.js";
import type { RadarPort } from "../../ports/stripe-radar.js";
import type { OrderCustomers, OrderPayments } from "../order-to-cash/index.js";
import { SqlRiskStore } from "./adapters/sql-risk-store.js";
import { advanceRisk } from "./advance-risk.js";
import { advanceRiskJob, reviewTimerJob } from "./jobs.js";
import { RiskReadModel } from "./read-model.js";
import { ReviewCommands } from "./review-commands.js";
import type { RefundOrder } from "./risk-actions.js";
import { RiskEvents, riskEventTypes } from "./risk-events.js";

/** The systems the flow talks to, and the other flows' entry points it uses. */
export interface RiskPorts {
  radar: RadarPort;
  intents: Pick<PaymentIntentsPort, "voidAuthorization">;
  nop: Pick<NopPort, "addOrderNote" | "cancelOrder">;
  notifier: Notifier;
  /** Order-to-cash's read ports (the order's payment; its snapshot and the customer's history). */
  orders: OrderPayments;
  customers: OrderCustomers;
  /** Order-to-cash's capture of an authorization, under the order's key. */
  capture: (orderGuid: OrderGuid) => Promise<{ status: string }>;
  /** The refunds flow's full refund of an order (an early fraud warning, by rule); null without the refunds flow. */
  refundOrder: RefundOrder | null;
  /** The language model's advice, optional: none and the reviewer reads a narrative built from the reasons. */
  advisor: RiskAdvisor | null;
}

export interface RiskOptions {
  rules: RiskRules;
  /** The weights that score (RISK_MODEL_FILE); unset, the shipped model. */
  model: RiskModel;
  /** The score (domain/risk) with that model; tests may give another. */
  assess: (facts: RiskFacts, rules: StoreRiskRules) => RiskAssessment;
  now: () => Date;
}

/** What GraphQL and tests may call. */
export interface Risk {
  reviews: ReviewCommands;
  readModel: RiskReadModel;
  advance(orderGuid: OrderGuid): Promise<void>;
}

/**
 * Risk, declared: authorizations of PaymentIntents made to be decided (`payment_intent.amount_capturable_updated`),
 * Stripe Radar reviews and early fraud warnings (all through the inbox), the review timers, and the reviewers'
 * commands. Everything about one order's risk converges in `advanceRisk`.
 */
export function registerRisk(host: FlowHost, ports: RiskPorts, options: Partial<RiskOptions> = {}): Risk {
  const rules = options.rules ?? defaultRiskRules;
  const now = options.now ?? (() => new Date());
  const store = new SqlRiskStore(host.sql, host.actionLog);
  const enqueue = host.enqueue.bind(host);
  const advance = advanceRisk(host, {
    ...ports,
    store,
    assess: options.assess ?? ((facts, storeRules) => assessRisk(facts, storeRules, options.model)),
    enqueue,
    failures: host.failures,
    rules,
    now,
  });

  const events = new RiskEvents({ ...ports, store, advance, enqueue, rules, now });
  host.onEvent("stripe", riskEventTypes.authorized, events.authorized);
  host.onEvent("stripe", riskEventTypes.reviewOpened, events.reviewOpened);
  host.onEvent("stripe", riskEventTypes.reviewClosed, events.reviewClosed);
  host.onEvent("stripe", riskEventTypes.earlyFraudWarning, events.earlyFraudWarning);

  host.onJob(reviewTimerJob, ({ orderGuid }) => advance.run(orderGuid));
  host.onJob(advanceRiskJob, ({ orderGuid }) => advance.run(orderGuid));

  return {
    reviews: new ReviewCommands(store, advance, rules, now, enqueue),
    readModel: new RiskReadModel(store, now),
    advance: (orderGuid) => advance.run(orderGuid),
  };
}
