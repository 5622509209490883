import type Stripe from "stripe";
import { expireAuthorizations } from "./authorization-expiry.js";
import { createSucceededPayments } from "./bulk-payments.js";
import { findCharge } from "./charges.js";
import type { EmulatorContext } from "./context.js";
import { updateCustomer } from "./customers.js";
import { closeDispute, type DisputeOutcome, findDispute, openDispute } from "./disputes.js";
import { raiseEarlyFraudWarning } from "./early-fraud-warnings.js";
import { invalidRequest } from "./errors.js";
import type { FaultInjector } from "./faults.js";
import { optBool, optEnum, optInt, optString, positiveInt, rejectUnknown } from "./params.js";
import { completeAuthentication, findIntent } from "./payment-intents.js";
import { failPaidPayout, payOutBalance } from "./payouts.js";
import { failRefund, requireRefundAction, settleOutstandingRefunds, settleRefund } from "./refunds.js";
import { pathId, Router } from "./router.js";
import { Redirect } from "./server.js";
import type { WebhookDispatcher } from "./webhook-delivery.js";

export interface ControlDeps {
  dispatcher: WebhookDispatcher;
  faults: FaultInjector;
  /** Moves the emulator's clock forward (adds to its offset). */
  advanceTime: (seconds: number) => number;
  reset: () => void;
}

function chargeFor(ctx: EmulatorContext, params: Parameters<typeof optString>[0]): Stripe.Charge {
  const chargeId = optString(params, "charge");
  if (chargeId) return findCharge(ctx, chargeId);
  const intentId = optString(params, "payment_intent");
  if (!intentId) throw invalidRequest("Provide charge or payment_intent.", { code: "parameter_missing" });
  const intent = findIntent(ctx, intentId, "payment_intent");
  return findCharge(ctx, String(intent.latest_charge), "payment_intent");
}

function redirectAfterAuthentication(
  ctx: EmulatorContext,
  intent: Stripe.PaymentIntent,
): Redirect | Stripe.PaymentIntent {
  const returnUrl = ctx.store.intentOptions.get(intent.id)?.returnUrl;
  if (!returnUrl) return intent;
  const url = new URL(returnUrl);
  url.searchParams.set("payment_intent", intent.id);
  url.searchParams.set("payment_intent_client_secret", intent.client_secret ?? "");
  url.searchParams.set("redirect_status", intent.status === "requires_payment_method" ? "failed" : "succeeded");
  return new Redirect(url.toString());
}

/** Endpoints under `/_emulator/` that stand in for things Stripe does on its own (see README.md). */
export function createControlRouter(deps: ControlDeps): Router {
  const router = new Router();
  router.get("/_emulator/health", () => ({ ok: true }));
  router.post("/_emulator/reset", () => {
    deps.reset();
    return { ok: true };
  });
  router.post("/_emulator/time/advance", (_ctx, req) => ({
    now: deps.advanceTime(optInt(req.params, "seconds") ?? 0),
  }));
  router.post("/_emulator/payouts", (ctx, req) => ({
    object: "list",
    data: payOutBalance(ctx, {
      currency: optString(req.params, "currency")?.toLowerCase(),
      onlyAvailable: optBool(req.params, "only_available") ?? false,
      fail: optBool(req.params, "fail") ?? false,
    }),
  }));
  router.post("/_emulator/payouts/:id/fail", (ctx, req) => failPaidPayout(ctx, pathId(req)));
  router.post("/_emulator/payments/bulk", (ctx, req) => {
    rejectUnknown(req.params, ["payments", "pay_out"]);
    const payments = createSucceededPayments(ctx, req.params);
    const payouts = optBool(req.params, "pay_out") ? payOutBalance(ctx) : [];
    return { object: "list", data: payments, payouts };
  });
  router.post("/_emulator/disputes", (ctx, req) =>
    openDispute(ctx, chargeFor(ctx, req.params), {
      reason: optString(req.params, "reason") ?? "fraudulent",
      inquiry: optBool(req.params, "inquiry") ?? false,
      amount: positiveInt(req.params, "amount"),
    }),
  );
  router.post("/_emulator/disputes/:id/close", (ctx, req) => {
    const outcome = optEnum<DisputeOutcome>(req.params, "outcome", ["won", "lost"]) ?? "won";
    return closeDispute(ctx, findDispute(ctx, pathId(req)), outcome);
  });
  router.post("/_emulator/charges/:id/early_fraud_warning", (ctx, req) =>
    raiseEarlyFraudWarning(ctx, findCharge(ctx, pathId(req), "id"), optString(req.params, "fraud_type") ?? "misc"),
  );
  // The customer edits their details in the billing portal (or an admin in the Dashboard): customer.updated with
  // no API request behind it. Accepts the customer update's email, name, phone, address and shipping.
  router.post("/_emulator/customers/:id/portal_update", (ctx, req) => {
    const allowed = ["email", "name", "phone", "address", "shipping"];
    const unknown = Object.keys(req.params).find((key) => !allowed.includes(key));
    if (unknown) throw invalidRequest(`The billing portal does not change ${unknown}.`, { param: unknown });
    return ctx.withoutRequest(() => updateCustomer(ctx, pathId(req), req.params));
  });
  router.post("/_emulator/billing/retries", (ctx, req) => {
    const days = req.params.retry_schedule_days;
    if (days !== undefined) {
      if (!Array.isArray(days) || days.some((d) => !Number.isInteger(Number(d)) || Number(d) < 1))
        throw invalidRequest("retry_schedule_days: a list of whole days, each at least 1", {
          param: "retry_schedule_days",
        });
      ctx.billing.retryScheduleDays = days.map(Number);
    }
    const after = optEnum(req.params, "after_all_retries_fail", ["cancel", "unpaid", "past_due"]);
    if (after) ctx.billing.afterAllRetriesFail = after;
    return { object: "billing_settings", ...ctx.billing };
  });
  router.post("/_emulator/authorizations/expire", (ctx) => ({ object: "list", data: expireAuthorizations(ctx) }));
  router.post("/_emulator/payment_intents/:id/authenticate", (ctx, req) => {
    const outcome = optEnum(req.params, "outcome", ["succeed", "fail"]) ?? "succeed";
    return completeAuthentication(ctx, pathId(req), outcome === "succeed");
  });
  router.get("/_emulator/3ds/:id", (ctx, req) => {
    const outcome = optEnum(req.params, "outcome", ["succeed", "fail"]) ?? "succeed";
    return redirectAfterAuthentication(ctx, completeAuthentication(ctx, pathId(req), outcome === "succeed"));
  });
  router.post("/_emulator/refunds/:id/fail", (ctx, req) =>
    failRefund(ctx, pathId(req), optString(req.params, "failure_reason") ?? "expired_or_canceled_card"),
  );
  router.post("/_emulator/refunds/settle", (ctx) => ({ object: "list", data: settleOutstandingRefunds(ctx) }));
  router.post("/_emulator/refunds/:id/settle", (ctx, req) => settleRefund(ctx, pathId(req)));
  router.post("/_emulator/refunds/:id/require_action", (ctx, req) =>
    requireRefundAction(ctx, pathId(req), optString(req.params, "email") ?? "customer@example.com"),
  );
  router.get("/_emulator/deliveries", (_ctx, req) => {
    const event = optString(req.params, "event");
    const endpoint = optString(req.params, "endpoint");
    return {
      object: "list",
      data: deps.dispatcher.deliveries.filter(
        (d) => (event === undefined || d.eventId === event) && (endpoint === undefined || d.endpointId === endpoint),
      ),
    };
  });
  router.post("/_emulator/webhooks/mode", (_ctx, req) => {
    const mode: Partial<typeof deps.dispatcher.mode> = {};
    const duplicates = optBool(req.params, "duplicates");
    const shuffle = optBool(req.params, "shuffle");
    const paused = optBool(req.params, "paused");
    const seed = optInt(req.params, "seed");
    if (duplicates !== undefined) mode.duplicates = duplicates;
    if (shuffle !== undefined) mode.shuffle = shuffle;
    if (paused !== undefined) mode.paused = paused;
    if (seed !== undefined) mode.seed = seed;
    deps.dispatcher.setMode(mode);
    return deps.dispatcher.mode;
  });
  router.post("/_emulator/webhooks/flush", async () => {
    await deps.dispatcher.whenIdle();
    return { ok: true };
  });
  router.post("/_emulator/faults", (_ctx, req) => {
    const status = optInt(req.params, "status");
    if (status !== 429 && status !== 500) throw invalidRequest("status must be 429 or 500", { param: "status" });
    const count = positiveInt(req.params, "count") ?? 1;
    deps.faults.add({
      status,
      remaining: count,
      pathPrefix: optString(req.params, "path_prefix") ?? "/v1/",
      loseAnswer: optBool(req.params, "lose_answer") ?? false,
    });
    return { ok: true };
  });
  return router;
}
