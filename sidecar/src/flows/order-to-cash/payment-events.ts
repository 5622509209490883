import type Stripe from "stripe";
import {
  eventIsAuthoritative,
  isPaymentIntentStatus,
  isTerminal,
  type PaymentEventType,
} from "../../domain/payment-state.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { AdvanceOrder } from "./advance-order.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { Decline, OrderToCashStore, PaymentObservation, PaymentRecord } from "./order-to-cash-store.js";
import { observationOf } from "./payment-observation.js";
import { type ChargeObject, type PaymentIntentObject, parseEventObject, parsePaymentIntent } from "./stripe-objects.js";

/**
 * Stripe payment_intent.* and charge.* webhooks -> the stored PaymentIntent state -> the order advances.
 * Events arrive duplicated and in any order: terminal snapshots are taken as they are, anything else is
 * re-fetched from Stripe; the store only lets the state move forward (a late failure never undoes a payment).
 * A PaymentIntent whose order is not known yet is stored, and applied when its order.placed arrives.
 */
export class HandlePaymentEvent {
  constructor(
    private readonly stripe: Stripe,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly failures: ConnectorFailures,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const type = event.type as PaymentEventType;
    const object = parseEventObject(event.eventId, event.payload.data);
    const paymentIntentId = object.object === "payment_intent" ? object.id : stringOrId(object.payment_intent);
    if (!paymentIntentId) return; // a charge without a PaymentIntent is not an order payment of ours

    const known = await this.store.getPayment(paymentIntentId);
    const newDeclines = declinesIn(type, object, event.eventId);
    let observation: PaymentObservation;
    if (eventIsAuthoritative(type) && object.object === "payment_intent") {
      if (!isPaymentIntentStatus(object.status)) return;
      observation = observationOf({ ...object, status: object.status }, orderGuidOf(object, known), newDeclines);
    } else if (known && isTerminal(known.status)) {
      // A final state cannot change: re-fetching would only repeat it. The event may still add a decline.
      observation = { ...known, newDeclines };
    } else {
      const intent = parsePaymentIntent(
        await this.failures.call("stripe", "re-fetch the PaymentIntent", () =>
          this.stripe.paymentIntents.retrieve(paymentIntentId),
        ),
      );
      if (!isPaymentIntentStatus(intent.status)) return;
      observation = observationOf({ ...intent, status: intent.status }, orderGuidOf(intent, known), newDeclines);
    }
    const stored = await this.store.observePayment(observation, known ?? null);
    const guid = stored.orderGuid ?? observation.orderGuid;
    if (!guid) return; // kept; the order's arrival links and applies it
    await this.store.linkPayment(guid, paymentIntentId, {
      key: `event:stripe:${event.eventId}`,
      orderGuid: guid,
      kind: "event",
      name: event.type,
      detail: { eventId: event.eventId, paymentIntentId, status: observation.status, observedStatus: stored.status },
    });
    await this.advance.run(guid);
  };
}

/** Only the failure events themselves describe a decline; the charge id ties both events of one decline. */
function declinesIn(type: PaymentEventType, object: PaymentIntentObject | ChargeObject, eventId: string): Decline[] {
  if (type === "payment_intent.payment_failed" && object.object === "payment_intent") {
    const error = object.last_payment_error;
    if (!error) return [];
    return [
      {
        id: stringOrId(error.charge) ?? `auth:${eventId}`,
        code: error.code ?? null,
        declineCode: error.decline_code ?? null,
        message: error.message ?? "The payment failed.",
      },
    ];
  }
  if (type === "charge.failed" && object.object === "charge")
    return [
      {
        id: object.id,
        code: object.failure_code ?? null,
        declineCode: object.outcome?.reason ?? null,
        message: object.failure_message ?? "The payment failed.",
      },
    ];
  return [];
}

function orderGuidOf(intent: PaymentIntentObject, known: PaymentRecord | undefined): string | null {
  return intent.metadata?.nop_order_guid?.toLowerCase() || known?.orderGuid || null;
}

function stringOrId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string")
    return (value as { id: string }).id;
  return undefined;
}
