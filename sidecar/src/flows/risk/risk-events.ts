import { z } from "zod";
import { type ChargeId, type OrderGuid, type PaymentIntentId, orderGuid as toOrderGuid } from "../../domain/ids.js";
import { type RiskRules, riskRulesForStore } from "../../domain/risk/risk-rules.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { Notifier } from "../../ports/notifier.js";
import type { RadarPort } from "../../ports/stripe-radar.js";
import type { OrderCustomers, OrderPayments } from "../order-to-cash/index.js";
import { riskDecideMetadata } from "../order-to-cash/index.js";
import type { AdvanceRisk } from "./advance-risk.js";
import { reviewTimers } from "./execute-risk-action.js";
import type { RefundOrder } from "./risk-actions.js";
import { newOpenReview, type RiskStore } from "./risk-store.js";

/** Stripe's webhooks the flow follows. */
export const riskEventTypes = {
  authorized: "payment_intent.amount_capturable_updated",
  reviewOpened: "review.opened",
  reviewClosed: "review.closed",
  earlyFraudWarning: "radar.early_fraud_warning.created",
} as const;

/** Stripe's card authorizations last 7 days unless the charge says otherwise (capture_before). */
const defaultAuthorizationMs = 7 * 24 * 60 * 60_000;

/** The fields of the authorized PaymentIntent this flow reads (the rest is order-to-cash's). */
const authorizedIntent = z.object({
  id: z.string().startsWith("pi_"),
  amount_capturable: z.number().int().nonnegative(),
  currency: z.string().min(3),
  latest_charge: z.union([z.string(), z.object({ id: z.string() }), z.null()]).optional(),
  metadata: z.record(z.string(), z.string()).default({}),
});

export interface RiskEventPorts {
  store: RiskStore;
  radar: Pick<RadarPort, "reviewFromEvent" | "earlyFraudWarningFromEvent">;
  orders: Pick<OrderPayments, "orderOfPaymentIntent" | "byOrder">;
  customers: Pick<OrderCustomers, "orderOf">;
  advance: AdvanceRisk;
  notifier: Notifier;
  enqueue: (jobs: JobSpec[]) => Promise<void>;
  /** The refunds flow's entry point: a full refund of the order, once per request id; says what became of it. */
  refundOrder: RefundOrder | null;
  rules: RiskRules;
  now: () => Date;
}

/**
 * Stripe's webhooks -> what the flow learns -> the order's risk advances. Every handler records first and then
 * runs the reconciler, so duplicates and any order of arrival converge on one decision and one effect.
 */
export class RiskEvents {
  constructor(private readonly ports: RiskEventPorts) {}

  /** An authorization of a PaymentIntent made with `sidecar_risk: decide`: open its case, then decide. */
  readonly authorized = async (event: InboxEvent): Promise<void> => {
    const parsed = authorizedIntent.safeParse((event.payload as { data?: { object?: unknown } }).data?.object);
    if (!parsed.success)
      throw new PermanentError(`event ${event.eventId}: not a PaymentIntent Stripe could have sent`, {
        code: "stripe_object_invalid",
        system: "stripe",
        field: parsed.error.issues[0]?.path.join("."),
      });
    const intent = parsed.data;
    if (intent.metadata.sidecar_risk !== riskDecideMetadata.sidecar_risk || intent.amount_capturable === 0) return;
    const paymentIntentId = intent.id as PaymentIntentId;
    const orderGuid = await this.orderOf(paymentIntentId, intent.metadata.nop_order_guid);
    // A cart's PaymentIntent is tied to its order once the plugin placed it: the inbox retries until then.
    if (!orderGuid || !(await this.ports.customers.orderOf(orderGuid)))
      throw new Error(`PaymentIntent ${paymentIntentId}: its nopCommerce order is not known yet`);
    const charge = intent.latest_charge;
    const chargeId = (typeof charge === "string" ? charge : (charge?.id ?? null)) as ChargeId | null;
    const storeId = Number(intent.metadata.nop_store_id);
    await this.ports.store.openCase(
      {
        orderGuid,
        paymentIntentId,
        chargeId,
        storeId: Number.isSafeInteger(storeId) ? storeId : null,
        amountMinor: intent.amount_capturable,
        currency: intent.currency.toLowerCase(),
        captureBefore: new Date((event.occurredAt ?? this.ports.now()).getTime() + defaultAuthorizationMs),
      },
      // No log entry: order-to-cash logs this event (its key is one per event); the decision is this flow's record.
    );
    await this.ports.advance.run(orderGuid);
  };

  /** A Radar review opened on an order's payment joins the queue (linked to the order by its PaymentIntent). */
  readonly reviewOpened = async (event: InboxEvent): Promise<void> => {
    const review = this.ports.radar.reviewFromEvent({ eventId: event.eventId, payload: event.payload });
    const orderGuid = review.paymentIntentId ? await this.orderOf(review.paymentIntentId) : undefined;
    if (!orderGuid) {
      await this.alertOnce(
        event,
        "risk.radar_review_unknown_order",
        `Radar review ${review.id} is about a payment no order here knows`,
      );
      return;
    }
    const { riskCase } = await this.ports.store.load(orderGuid);
    const opened = await this.ports.store.openReview(
      newOpenReview({
        orderGuid,
        paymentIntentId: review.paymentIntentId,
        radarReviewId: review.id,
        captureBefore: riskCase?.captureBefore ?? null,
        openedAt: review.created,
      }),
      this.seen(event, orderGuid, { radarReviewId: review.id, reason: review.openedReason }),
    );
    const payment = await this.ports.orders.byOrder(orderGuid);
    const rules = riskRulesForStore(this.ports.rules, payment?.storeId ?? 0);
    await this.ports.enqueue(reviewTimers(opened, rules, this.ports.now()));
    await this.ports.advance.run(orderGuid);
  };

  /**
   * Closed in Stripe: ours follows (recorded once). Approved there is the merchant's approval, so an open review here
   * is approved and the payment captured as if a reviewer had; refunded, disputed or canceled there closes it. A
   * decision taken here stands and is not applied again.
   */
  readonly reviewClosed = async (event: InboxEvent): Promise<void> => {
    const closed = this.ports.radar.reviewFromEvent({ eventId: event.eventId, payload: event.payload });
    const review = await this.ports.store.reviewOfRadar(closed.id);
    if (!review) return;
    const { orderGuid } = review;
    await this.ports.advance.exclusive(orderGuid, async () => {
      const entry = this.seen(event, orderGuid, { radarReviewId: closed.id, reason: closed.reason });
      const patch = { radarClosedReason: closed.reason };
      const closedHere = await this.ports.store.updateReview(
        orderGuid,
        { status: "open" },
        {
          ...patch,
          status: closed.reason === "approved" ? "approved" : "closed",
          decidedBy: `stripe:${closed.reason}`,
          decidedAt: this.ports.now(),
        },
        entry,
      );
      if (!closedHere) {
        const current = (await this.ports.store.load(orderGuid)).review;
        if (current) await this.ports.store.updateReview(orderGuid, { status: current.status }, patch, entry);
      }
    });
    // Approved there: the capture follows here.
    await this.ports.advance.run(orderGuid);
  };

  /** An early fraud warning: alert, and by the store's rule a full refund before it becomes a dispute. */
  readonly earlyFraudWarning = async (event: InboxEvent): Promise<void> => {
    const warning = this.ports.radar.earlyFraudWarningFromEvent({ eventId: event.eventId, payload: event.payload });
    const orderGuid = warning.paymentIntentId ? await this.orderOf(warning.paymentIntentId) : undefined;
    const payment = orderGuid ? await this.ports.orders.byOrder(orderGuid) : undefined;
    const rules = riskRulesForStore(this.ports.rules, payment?.storeId ?? 0);
    const refunds = rules.refundOnEarlyFraudWarning && warning.actionable && orderGuid && this.ports.refundOrder;
    const what = refunds
      ? await this.ports.refundOrder!({
          orderGuid: orderGuid!,
          requestId: `efw:${warning.id}`,
          reason: `Radar early fraud warning ${warning.id} (${warning.fraudType})`,
        })
      : "not refunded (refund it, or wait for the dispute)";
    await this.alertOnce(
      event,
      "risk.early_fraud_warning",
      `Early fraud warning ${warning.id} (${warning.fraudType}) on charge ${warning.chargeId}, order ${orderGuid ?? "unknown"}: ${what}`,
      orderGuid,
    );
  };

  private async orderOf(paymentIntentId: PaymentIntentId, fromMetadata?: string): Promise<OrderGuid | undefined> {
    if (fromMetadata) return toOrderGuid(fromMetadata);
    return this.ports.orders.orderOfPaymentIntent(paymentIntentId);
  }

  private seen(event: InboxEvent, aggregate: string, detail: Record<string, unknown>) {
    return { key: eventKey("stripe", event.eventId), aggregate, kind: "event" as const, name: event.type, detail };
  }

  /** One alert per event, however often it is delivered. */
  private async alertOnce(event: InboxEvent, code: string, message: string, orderGuid?: OrderGuid) {
    const first = await this.ports.store.record(this.seen(event, orderGuid ?? event.eventId, { code }));
    if (first) await this.ports.notifier.alert({ severity: "critical", code, message, context: { orderGuid } });
  }
}
