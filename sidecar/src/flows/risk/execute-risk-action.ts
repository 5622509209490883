import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { OrderGuid } from "../../domain/ids.js";
import type { StoreRiskRules } from "../../domain/risk/risk-rules.js";
import type { ActionKey } from "../../flow-kit/action-key.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { Notifier } from "../../ports/notifier.js";
import type { PaymentIntentsPort } from "../../ports/stripe.js";
import type { RadarPort } from "../../ports/stripe-radar.js";
import { stripeValue } from "../order-to-cash/retrieve-intent.js";
import { type DecidePorts, decidePayment } from "./decide-payment.js";
import { reviewTimerJob } from "./jobs.js";
import { reviewDeadlines } from "./plan-risk.js";
import { type RefundOrder, type RiskAction, type RiskActionName, riskKey } from "./risk-actions.js";
import { newOpenReview, type RiskCase, type RiskReview, type RiskState } from "./risk-store.js";

export interface RiskExecutorPorts extends DecidePorts {
  radar: Pick<RadarPort, "chargeRisk" | "approveReview">;
  intents: Pick<PaymentIntentsPort, "voidAuthorization">;
  /** Order-to-cash's capture (its AdminPaymentCalls under the order's key): the order then goes Paid as today. */
  capture: (orderGuid: OrderGuid) => Promise<{ status: string }>;
  nop: Pick<NopPort, "addOrderNote" | "cancelOrder">;
  notifier: Notifier;
  /** The refunds flow's entry point (a rejected Radar review of a captured payment); null without it. */
  refundOrder: RefundOrder | null;
  enqueue: (jobs: JobSpec[]) => Promise<void>;
}

/** Performs one planned action under its key, stores what changed with its log entry, returns the state after it. */
export class RiskActionExecutor {
  constructor(private readonly ports: RiskExecutorPorts) {}

  readonly execute = async (action: RiskAction, state: RiskState): Promise<RiskState> => {
    const riskCase = state.riskCase;
    switch (action.name) {
      case "decide":
        return this.decide(state, required(riskCase, action.name));
      case "capture":
        return this.capture(state, required(riskCase, action.name));
      case "cancel":
        return this.cancel(state, required(riskCase, action.name));
      case "cancel-order":
        return this.cancelOrder(state);
      case "open-review":
        return this.openReview(state, required(riskCase, action.name));
      case "alert-expiry":
        return this.alertExpiry(state, required(state.review, action.name));
      case "expire":
        return this.expire(state, required(state.review, action.name));
      case "approve-radar-review":
        return this.approveRadarReview(state, required(state.review, action.name));
      case "refund-rejected":
        return this.refundRejected(state, required(state.review, action.name));
      case "claim":
      case "review-decision":
        throw new Error(`${action.name} is a reviewer's command (review-commands.ts), not a planned action`);
    }
  };

  /** Gathers the facts, scores them, asks the advisor once, and stores it all as the decision (decide-payment.ts). */
  private async decide(state: RiskState, riskCase: RiskCase): Promise<RiskState> {
    const { decision, captureBefore } = await decidePayment(this.ports, state, riskCase);
    return this.done({ ...state, riskCase: { ...riskCase, decision, captureBefore } }, "decide");
  }

  /** Order-to-cash captures (under the order's key, so the admin's Capture and this are one). */
  private async capture(state: RiskState, riskCase: RiskCase): Promise<RiskState> {
    const { orderGuid } = riskCase;
    try {
      const captured = await this.ports.capture(orderGuid);
      return this.finish(state, "capture", { status: captured.status, by: this.decider(state) });
    } catch (error) {
      // Voided or cancelled meanwhile (the admin, Stripe): nothing left to capture; say so once.
      if (!(error instanceof PermanentError)) throw error;
      await this.ports.notifier.alert({
        severity: "warning",
        code: "risk.capture_refused",
        message: `Order ${orderGuid}: the risk decision said capture, but ${error.message}`,
        context: { orderGuid },
      });
      return this.finish(state, "capture", { refused: error.message });
    }
  }

  private async cancel(state: RiskState, riskCase: RiskCase): Promise<RiskState> {
    const key = riskKey(riskCase.orderGuid, "cancel");
    const id = riskCase.paymentIntentId;
    const result = await this.ports.failures.call("stripe", "cancel the PaymentIntent as fraudulent", () =>
      this.ports.intents.voidAuthorization(id, key, "fraudulent"),
    );
    const intent = stripeValue(result, `PaymentIntent ${id}`);
    return this.finish(state, "cancel", { paymentIntentId: id, status: intent.status, by: this.decider(state) });
  }

  /**
   * The nopCommerce order is cancelled (order-to-cash voids its payment on Stripe's word; a void alone leaves the
   * order open), and staff read on it why. A cancel nopCommerce refuses as already done counts as done.
   */
  private async cancelOrder(state: RiskState): Promise<RiskState> {
    const order = state.order;
    if (!order) throw new Error("cancel-order: the order is not described yet");
    const orderId = nopOrderId(order.id);
    const cancelled = await this.ports.failures.call("nop", "cancel the order", () =>
      this.ports.nop.cancelOrder(
        { orderId, notifyCustomer: false },
        { requestId: riskKey(aggregateOf(state), "cancel-order") },
      ),
    );
    if (!cancelled.ok && !(cancelled.error instanceof NopRuleRefused)) throw nopRefused(cancelled.error, order.id);
    const text = cancelNote(state);
    const noted = await this.ports.failures.call("nop", "add an order note", () =>
      this.ports.nop.addOrderNote(
        { orderId, note: text, displayToCustomer: false },
        { requestId: `${riskKey(aggregateOf(state), "cancel-order")}:note` },
      ),
    );
    if (!noted.ok) throw nopRefused(noted.error, order.id);
    return this.finish(state, "cancel-order", { note: text, alreadyCancelled: !cancelled.ok });
  }

  private async openReview(state: RiskState, riskCase: RiskCase): Promise<RiskState> {
    const { orderGuid } = riskCase;
    const review = await this.ports.store.openReview(
      newOpenReview({
        orderGuid,
        paymentIntentId: riskCase.paymentIntentId,
        radarReviewId: null,
        captureBefore: riskCase.captureBefore,
        openedAt: state.now,
      }),
      this.entry(orderGuid, "open-review", { captureBefore: riskCase.captureBefore.toISOString() }),
    );
    await this.ports.enqueue(reviewTimers(review, state.rules, state.now));
    return this.done({ ...state, review }, "open-review");
  }

  private async alertExpiry(state: RiskState, review: RiskReview): Promise<RiskState> {
    const expires = review.captureBefore?.toISOString() ?? "soon";
    await this.ports.notifier.alert({
      severity: "critical",
      code: "risk.review_expiring",
      message: `Risk review of order ${review.orderGuid} is still open; its authorization expires ${expires}, then: ${state.rules.atExpiry}`,
      context: { orderGuid: review.orderGuid, captureBefore: expires, atExpiry: state.rules.atExpiry },
    });
    return this.finish(state, "alert-expiry", { captureBefore: expires });
  }

  /** Still open at expiry: the store's rule decides (capture or cancel), recorded as the rule's decision. */
  private async expire(state: RiskState, review: RiskReview): Promise<RiskState> {
    const { orderGuid } = review;
    const by = `rule:atExpiry=${state.rules.atExpiry}`;
    const patch = { status: "expired" as const, decidedBy: by, decidedAt: state.now };
    const entry = this.entry(orderGuid, "expire", { atExpiry: state.rules.atExpiry });
    if (!(await this.ports.store.updateReview(orderGuid, { status: "open" }, patch, entry)))
      throw new Error(`risk review ${orderGuid}: changed while it expired`);
    return this.done({ ...state, review: { ...review, ...patch } }, "expire");
  }

  private async approveRadarReview(state: RiskState, review: RiskReview): Promise<RiskState> {
    const id = review.radarReviewId!;
    const key = riskKey(review.orderGuid, "approve-radar-review");
    const approved = stripeValue(
      await this.ports.failures.call("stripe", "approve the Radar review", () =>
        this.ports.radar.approveReview(id, key),
      ),
      `Radar review ${id}`,
    );
    return this.finish(state, "approve-radar-review", {
      radarReviewId: id,
      open: approved.open,
      reason: approved.reason,
    });
  }

  private async refundRejected(state: RiskState, review: RiskReview): Promise<RiskState> {
    const { refundOrder } = this.ports;
    if (!refundOrder) throw new Error("refund-rejected: the refunds flow is not registered");
    const outcome = await refundOrder({
      orderGuid: review.orderGuid,
      requestId: `risk-review:${review.orderGuid}`,
      reason: `Radar review ${review.radarReviewId ?? ""} rejected by ${review.decidedBy}`.replace("  ", " "),
    });
    return this.finish(state, "refund-rejected", { outcome, by: review.decidedBy });
  }

  /** Who decided the capture or cancel: the score, a reviewer, or the rule at expiry. */
  private decider(state: RiskState): string {
    return state.review?.decidedBy ?? `score:${state.riskCase?.decision?.band ?? "unknown"}`;
  }

  private entry(orderGuid: OrderGuid, name: RiskActionName, detail: Record<string, unknown>) {
    return { key: riskKey(orderGuid, name), aggregate: orderGuid, kind: "action" as const, name, detail };
  }

  private async finish(state: RiskState, name: RiskActionName, detail: Record<string, unknown>): Promise<RiskState> {
    const orderGuid = aggregateOf(state);
    await this.ports.store.record(this.entry(orderGuid, name, detail));
    return this.done(state, name);
  }

  private done(state: RiskState, name: RiskActionName): RiskState {
    const key: ActionKey = riskKey(aggregateOf(state), name);
    return { ...state, done: new Set([...state.done, key]) };
  }
}

const nopRefused = (error: Error, orderId: number) =>
  new PermanentError(`nopCommerce: ${error.message}`, {
    code: "nop_refused",
    system: "nop",
    value: orderId,
    suggestion: "check the order in nopCommerce",
  });

const aggregateOf = (state: RiskState): OrderGuid => (state.riskCase?.orderGuid ?? state.review?.orderGuid)!;

function required<T>(value: T | null, action: string): T {
  if (value === null) throw new Error(`${action}: nothing known to act on`);
  return value;
}

/** The alert timer and the expiry timer of an open review; none without an authorization to expire. */
export function reviewTimers(review: RiskReview, rules: StoreRiskRules, now: Date): JobSpec[] {
  const deadlines = reviewDeadlines(review, rules.expiryAlertBeforeMs);
  if (!deadlines) return [];
  const { orderGuid } = review;
  return (["alertAt", "expireAt"] as const).map((kind) =>
    reviewTimerJob.with(
      { orderGuid },
      {
        idParts: [orderGuid, kind, String(deadlines[kind].getTime())],
        delayMs: Math.max(0, deadlines[kind].getTime() - now.getTime()),
      },
    ),
  );
}

function cancelNote(state: RiskState): string {
  const review = state.review;
  const decision = state.riskCase?.decision;
  if (review?.status === "rejected")
    return `Payment cancelled as fraudulent: rejected in risk review by ${review.decidedBy}.`;
  if (review?.status === "expired")
    return "Payment cancelled: its risk review was still open when the authorization was about to expire.";
  return `Payment cancelled as fraudulent by the risk score. ${decision?.narrative ?? ""}`.trim();
}
