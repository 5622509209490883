import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type { PlaceOrderInput } from "@nop-stripe/nop-simulator/sim-place-order.js";
import type Stripe from "stripe";
import type { OrderGuid } from "../../sidecar/src/domain/ids.js";
import { defaultRiskRules, type RiskRules } from "../../sidecar/src/domain/risk/risk-rules.js";
import type { FlowOverrides } from "../../sidecar/src/flows/register-flows.js";
import type { Risk } from "../../sidecar/src/flows/risk/index.js";
import type { RiskReviewView } from "../../sidecar/src/flows/risk/read-model.js";
import { type O2cHarness, startWithFlows } from "../order-to-cash/o2c-harness.js";
import type { Backend } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

/** Every card payment authorized first and decided by the score (the store's RISK_RULES). */
export const decideAll: RiskRules = {
  ...defaultRiskRules,
  defaults: { ...defaultRiskRules.defaults, decide: "all" },
};

export type RiskHarness = O2cHarness & Awaited<ReturnType<typeof startWithFlows>>;

/** A sandbox sidecar with every flow registered as in production, risk rules deciding every payment. */
export async function startRisk(
  backend: Backend,
  overrides: FlowOverrides = {},
  env: Record<string, string> = {},
): Promise<RiskHarness> {
  const t = await startWithFlows(backend, { risk: { rules: decideAll }, ...overrides }, env);
  return Object.assign(t, { flow: t.flows.orderToCash });
}

/** A guest's order in the nop simulator, its PaymentIntent made through order-to-cash, confirmed with a test card. */
export async function placeAndAuthorize(
  t: RiskHarness,
  paymentMethod: string,
  email = `shopper-${crypto.randomUUID()}@example.com`,
  input: PlaceOrderInput = {},
): Promise<{ order: NopOrderDetail; intent: Stripe.PaymentIntent }> {
  const order = t.sandbox.nop.placeOrder({ ...input, email });
  const created = await t.flow.createPaymentIntent.forOrder({ nopOrderId: order.id });
  const intent = await t.systems.stripe.paymentIntents.confirm(created.paymentIntentId, {
    payment_method: paymentMethod,
  });
  return { order, intent };
}

/**
 * The order's review once the score has decided it: a Stripe Radar review (`review.opened`) may list the order
 * before its authorization is scored, and a reviewer's blocklist needs the decision's identifiers.
 */
export async function decidedReview(risk: Risk, guid: OrderGuid): Promise<RiskReviewView> {
  return waitFor(async () => {
    const review = await risk.readModel.byOrder(guid);
    return review?.decision ? review : undefined;
  });
}
