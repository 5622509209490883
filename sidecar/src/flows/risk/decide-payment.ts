import type { Result } from "../../domain/result.js";
import type { RiskAdvice, RiskAdvisor } from "../../domain/risk/risk-advice.js";
import type { RiskAssessment, RiskFacts } from "../../domain/risk/risk-facts.js";
import type { StoreRiskRules } from "../../domain/risk/risk-rules.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import type { ModelFailure } from "../../llm/structured-model.js";
import type { RadarPort } from "../../ports/stripe-radar.js";
import type { OrderCustomers } from "../order-to-cash/index.js";
import { stripeValue } from "../order-to-cash/retrieve-intent.js";
import { bandWithAdvice, narrativeOf } from "./decide-risk.js";
import { identitiesOf, riskFactsOf } from "./gather-facts.js";
import { riskKey } from "./risk-actions.js";
import type { RiskCase, RiskDecision, RiskState, RiskStore } from "./risk-store.js";

export interface DecidePorts {
  store: RiskStore;
  radar: Pick<RadarPort, "chargeRisk">;
  customers: Pick<OrderCustomers, "historyOf">;
  advisor: RiskAdvisor | null;
  assess: (facts: RiskFacts, rules: StoreRiskRules) => RiskAssessment;
  failures: ConnectorFailures;
}

const noHistory: RiskFacts["history"] = {
  paidOrders: 0,
  meanPaidMinor: null,
  maxPaidMinor: null,
  refundedOrDisputed: 0,
};

/**
 * The decide action: the facts gathered (Stripe's charge, the stored order, velocity, history, the blocklist),
 * scored, the advisor asked, and the decision record stored with its log entry in one statement. Asked once: a
 * replay finds the decision and never reaches here again.
 */
export async function decidePayment(
  ports: DecidePorts,
  state: RiskState,
  riskCase: RiskCase,
): Promise<{ decision: RiskDecision; captureBefore: Date }> {
  const order = state.order!;
  const { orderGuid, chargeId } = riskCase;
  if (!chargeId) throw new Error(`order ${orderGuid}: the authorization has no charge yet`);
  const charge = stripeValue(
    await ports.failures.call("stripe", "read the charge's risk", () => ports.radar.chargeRisk(chargeId)),
    `charge ${chargeId}`,
  );
  const identities = identitiesOf(order, charge);
  const currency = order.primaryStoreCurrencyCode.toLowerCase();
  const attempt = { paymentIntentId: riskCase.paymentIntentId, orderGuid, at: state.now, identities };
  const velocity = await ports.store.velocity(attempt, state.rules.velocityWindowsMs);
  const history = order.customer.isGuest
    ? noHistory
    : await ports.customers.historyOf(order.customerId, currency, orderGuid);
  const blocklisted = await ports.store.blocklisted(identities);
  const facts = riskFactsOf({
    order,
    amountMinor: riskCase.amountMinor,
    currency,
    charge,
    velocity,
    history,
    blocklisted,
    earlyFraudWarning: false,
    now: state.now,
  });
  const assessment = ports.assess(facts, state.rules);
  const advice = await advise(ports.advisor, facts, assessment);
  const band = bandWithAdvice(assessment, advice);
  const decision: RiskDecision = {
    assessment,
    advice: advice?.ok ? advice.value : null,
    adviceFailure: advice && !advice.ok ? advice.error : null,
    band,
    narrative: narrativeOf(assessment, band, advice),
    history,
    identities,
    decidedAt: state.now,
  };
  const captureBefore = charge.captureBefore ?? riskCase.captureBefore;
  await ports.store.saveDecision(orderGuid, decision, captureBefore, {
    key: riskKey(orderGuid, "decide"),
    aggregate: orderGuid,
    kind: "decision",
    name: "decide",
    detail: {
      band,
      score: assessment.score,
      scoreBand: assessment.band,
      model: assessment.model,
      rulesHit: assessment.rulesHit.map((r) => r.rule),
      advice: decision.advice ? decision.advice.recommendedAction : null,
      adviceFailure: decision.adviceFailure,
    },
  });
  return { decision, captureBefore };
}

/** The advisor's answer, or its failure (a throw included); null without an advisor. */
async function advise(
  advisor: RiskAdvisor | null,
  facts: RiskFacts,
  assessment: RiskAssessment,
): Promise<Result<RiskAdvice, ModelFailure> | null> {
  if (!advisor) return null;
  try {
    return await advisor.advise({ facts, assessment });
  } catch (error) {
    return { ok: false, error: { kind: "error", message: error instanceof Error ? error.message : String(error) } };
  }
}
