import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { invalidRequest } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import { newId } from "./ids.js";
import { listByCharge } from "./list-pagination.js";
import { pathId, type Router } from "./router.js";

/** The `fraud_type` values Stripe documents on the early fraud warning object. */
export const FRAUD_TYPES = [
  "card_never_received",
  "fraudulent_card_application",
  "made_with_counterfeit_card",
  "made_with_lost_card",
  "made_with_stolen_card",
  "misc",
  "unauthorized_use_of_card",
] as const;

function findWarning(ctx: EmulatorContext, id: string): Stripe.Radar.EarlyFraudWarning {
  return ctx.store.findOrMissing<Stripe.Radar.EarlyFraudWarning>(
    id,
    "radar.early_fraud_warning",
    "id",
    "early fraud warning",
  );
}

function warningsOf(ctx: EmulatorContext, chargeId: string): Stripe.Radar.EarlyFraudWarning[] {
  return ctx.store
    .all<Stripe.Radar.EarlyFraudWarning>("radar.early_fraud_warning")
    .filter((w) => w.charge === chargeId);
}

/** The issuer reports a successful charge as fraud: `radar.early_fraud_warning.created`. */
export function raiseEarlyFraudWarning(
  ctx: EmulatorContext,
  charge: Stripe.Charge,
  fraudType: string,
): Stripe.Radar.EarlyFraudWarning {
  if (charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} did not succeed; an issuer reports fraud only on a successful charge.`);
  }
  if (!(FRAUD_TYPES as readonly string[]).includes(fraudType)) {
    throw invalidRequest(`Invalid fraud_type: must be one of ${FRAUD_TYPES.join(", ")}`, { param: "fraud_type" });
  }
  const warning: Stripe.Radar.EarlyFraudWarning = {
    id: newId("issfr"),
    object: "radar.early_fraud_warning",
    actionable: !charge.refunded && !charge.disputed,
    charge: charge.id,
    created: ctx.now(),
    fraud_type: fraudType,
    livemode: false,
    payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : undefined,
  };
  ctx.store.insert(warning);
  emitEvent(ctx, "radar.early_fraud_warning.created", warning);
  return warning;
}

/**
 * A warning is actionable until its charge is fully refunded or disputed: then nothing is left to prevent
 * (`radar.early_fraud_warning.updated`).
 */
export function settleEarlyFraudWarnings(ctx: EmulatorContext, charge: Stripe.Charge): void {
  if (!charge.refunded && !charge.disputed) return;
  for (const warning of warningsOf(ctx, charge.id).filter((w) => w.actionable)) {
    const before = structuredClone(warning);
    warning.actionable = false;
    emitEvent(ctx, "radar.early_fraud_warning.updated", warning, changedAttributes(before, warning));
  }
}

export function registerEarlyFraudWarningRoutes(router: Router): void {
  router.get("/v1/radar/early_fraud_warnings", (ctx, req) =>
    listByCharge<Stripe.Radar.EarlyFraudWarning>(
      ctx.store,
      "radar.early_fraud_warning",
      req.params,
      "/v1/radar/early_fraud_warnings",
    ),
  );
  router.get("/v1/radar/early_fraud_warnings/:id", (ctx, req) => findWarning(ctx, pathId(req)));
}
