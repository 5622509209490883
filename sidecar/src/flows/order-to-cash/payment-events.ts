import type { OrderGuid } from "../../domain/ids.js";
import {
  eventIsAuthoritative,
  isPaymentIntentStatus,
  isTerminal,
  type PaymentEventType,
} from "../../domain/payment-state.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { PaymentIntentSnapshot, PaymentIntentsPort, StripeEventsPort } from "../../ports/stripe.js";
import type { AdvanceOrder } from "./advance-order.js";
import type { OrderToCashStore, PaymentObservation, PaymentRecord } from "./order-to-cash-store.js";
import { observationOf } from "./payment-observation.js";
import { retrieveIntent } from "./retrieve-intent.js";

/**
 * Stripe payment_intent.* and charge.* webhooks -> the stored PaymentIntent state -> the order advances.
 * Events arrive duplicated and in any order: terminal snapshots are taken as they are, anything else is
 * re-fetched from Stripe; the store only lets the state move forward (a late failure never undoes a payment).
 * A PaymentIntent whose order is not known yet is stored, and applied when its order.placed arrives.
 */
export class HandlePaymentEvent {
  constructor(
    private readonly events: StripeEventsPort,
    private readonly intents: PaymentIntentsPort,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly call: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const type = event.type as PaymentEventType; // routed here only for the types of paymentEventTypes
    const facts = this.events.paymentEvent({ eventId: event.eventId, type, payload: event.payload });
    const { paymentIntentId } = facts;
    if (!paymentIntentId) return; // a charge without a PaymentIntent is not an order payment of ours

    const known = await this.store.getPayment(paymentIntentId);
    let observation: PaymentObservation;
    if (eventIsAuthoritative(type) && facts.snapshot) {
      if (!isPaymentIntentStatus(facts.snapshot.status)) return;
      observation = this.observe(facts.snapshot, facts.snapshot.status, known, facts.declines);
    } else if (known && isTerminal(known.status)) {
      // A final state cannot change: re-fetching would only repeat it. The event may still add a decline.
      observation = { ...known, newDeclines: facts.declines };
    } else {
      const intent = await this.call("re-fetch the PaymentIntent", () => retrieveIntent(this.intents, paymentIntentId));
      if (!isPaymentIntentStatus(intent.status)) return;
      observation = this.observe(intent, intent.status, known, facts.declines);
    }
    const stored = await this.store.observePayment(observation, known ?? null);
    const guid = stored.orderGuid ?? observation.orderGuid;
    if (!guid) return; // kept; the order's arrival links and applies it
    await this.store.linkPayment(guid, paymentIntentId, {
      key: eventKey("stripe", event.eventId),
      aggregate: guid,
      kind: "event",
      name: event.type,
      detail: { eventId: event.eventId, paymentIntentId, status: observation.status, observedStatus: stored.status },
    });
    await this.advance.run(guid);
  };

  private observe(
    intent: PaymentIntentSnapshot,
    status: PaymentObservation["status"],
    known: PaymentRecord | undefined,
    declines: PaymentObservation["newDeclines"],
  ): PaymentObservation {
    const orderGuid: OrderGuid | null = intent.orderGuid ?? known?.orderGuid ?? null;
    return observationOf({ ...intent, status }, orderGuid, declines);
  }
}
