import { parseStoredBridgeEvent } from "../../connectors/nop/parse-bridge-event.js";
import { orderGuid } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { SubscriptionsPort } from "../../ports/stripe-subscriptions.js";
import type { AdvanceSubscription } from "./advance-subscription.js";
import { recurringPaymentKey } from "./subscription-actions.js";
import type { SubscriptionsStore } from "./subscriptions-store.js";

/** Bridge events the flow follows: its aggregate's, and the paid order that may be a recurring payment's first. */
export const bridgeEventTypes = ["recurring_payment.created", "recurring_payment.cancelled", "order.paid"] as const;
/** Stripe events the flow follows. */
export const stripeEventTypes = [
  "invoice.paid",
  "invoice.payment_failed",
  "customer.subscription.updated",
  "customer.subscription.deleted",
] as const;

const seen = (
  source: string,
  event: InboxEvent,
  aggregate: number | null,
  detail: Record<string, unknown>,
): LogEntry => ({
  key: eventKey(source, event.eventId),
  aggregate: aggregate === null ? "unknown" : String(aggregate),
  kind: "event",
  name: event.type,
  detail,
});

/**
 * Events -> what they said, stored (merged forward, so a duplicate or a late one changes nothing) -> the recurring
 * payment advances. Nothing is decided here: a cancellation is a state both sides are compared on, so the one the
 * flow caused, coming back, finds nothing left to do.
 */
export class HandleSubscriptionEvent {
  constructor(
    private readonly subscriptions: Pick<SubscriptionsPort, "subscriptionFromEvent" | "invoiceFromEvent">,
    private readonly store: SubscriptionsStore,
    private readonly advance: AdvanceSubscription,
  ) {}

  readonly bridge = async (event: InboxEvent): Promise<void> => {
    const parsed = parseStoredBridgeEvent(event);
    if (parsed.type === "order.paid") {
      // Order-to-cash's write-back made it paid: a recurring payment waiting for its first order may start.
      const ids = await this.store.byInitialOrder(orderGuid(parsed.payload.order.orderGuid));
      for (const id of ids) await this.advance.run(recurringPaymentKey(id));
      return;
    }
    if (parsed.type !== "recurring_payment.created" && parsed.type !== "recurring_payment.cancelled") return;
    const { recurringPayment: rp, version, origin } = parsed.payload;
    const cancelledBy = parsed.type === "recurring_payment.cancelled" ? (origin?.system ?? "nopcommerce") : null;
    const active = parsed.type === "recurring_payment.cancelled" ? false : rp.isActive;
    await this.store.observeNop(
      { ...rp, isActive: active },
      version,
      cancelledBy,
      seen("bridge", event, rp.id, { version, isActive: active, origin: origin ?? null }),
    );
    await this.advance.run(recurringPaymentKey(rp.id));
  };

  readonly stripe = async (event: InboxEvent): Promise<void> => {
    if (event.type === "invoice.paid" || event.type === "invoice.payment_failed") {
      const invoice = this.subscriptions.invoiceFromEvent(event);
      const outcome = event.type === "invoice.paid" ? "paid" : "failed";
      const detail = { invoiceId: invoice.id, attempt: invoice.attemptCount, outcome };
      const id = await this.store.recordInvoice(
        invoice,
        outcome,
        seen("stripe", event, invoice.recurringPaymentId, detail),
      );
      if (id !== undefined) await this.advance.run(recurringPaymentKey(id));
      return;
    }
    const subscription = this.subscriptions.subscriptionFromEvent(event);
    const detail = { subscriptionId: subscription.id, status: subscription.status };
    const id = await this.store.observeSubscription(
      subscription,
      seen("stripe", event, subscription.recurringPaymentId, detail),
    );
    if (id !== undefined) await this.advance.run(recurringPaymentKey(id));
  };
}
