import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { RefundEventsPort, RefundSnapshot, RefundsPort } from "../../ports/stripe-refunds.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import type { RequestRefund } from "./request-refund.js";

/** Stripe's refund webhooks: each says a refund changed (or, charge.refunded, that a charge's refunds did). */
export const refundEventTypes = [
  "refund.created",
  "refund.updated",
  "refund.failed",
  "charge.refund.updated",
  "charge.refunded",
] as const;

/**
 * A refund webhook -> the refund as Stripe has it now (re-fetched: events come late and out of order) -> the
 * order's refund record moves forward, or a dashboard refund is recorded. The order comes from the refund's
 * metadata or, for one made elsewhere, from order-to-cash's PaymentIntent (its read port).
 */
export function handleRefundEvent(
  events: RefundEventsPort,
  refunds: RefundsPort,
  orders: OrderPayments,
  requests: RequestRefund,
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
) {
  const observe = async (refund: RefundSnapshot) => {
    const guid =
      refund.orderGuid ??
      (refund.paymentIntentId ? await orders.orderOfPaymentIntent(refund.paymentIntentId) : undefined);
    if (guid) await requests.observe(guid, refund);
  };
  return async (event: InboxEvent): Promise<void> => {
    const facts = events.refundEvent({ eventId: event.eventId, payload: event.payload });
    if (facts.kind === "charge") {
      const all = await call("list the charge's refunds", () => refunds.listForCharge(facts.chargeId));
      for (const refund of all) await observe(refund);
      return;
    }
    const current = await call("re-fetch the refund", () => refunds.retrieve(facts.refund.id));
    await observe(current.ok ? current.value : facts.refund);
  };
}
