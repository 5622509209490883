import { parseStoredBridgeEvent } from "../../connectors/nop/parse-bridge-event.js";
import { type OrderGuid, orderGuid } from "../../domain/ids.js";
import { fromDecimalString } from "../../domain/money.js";
import { isPaymentIntentStatus, isTerminal } from "../../domain/payment-state.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { PaymentIntentsPort } from "../../ports/stripe.js";
import type { AdvanceOrder } from "./advance-order.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";
import { observationOf } from "./payment-observation.js";
import { retrieveIntent } from "./retrieve-intent.js";

/** Bridge order events the flow follows. */
export const orderEventTypes = ["order.placed", "order.paid", "order.status_changed", "order.voided"] as const;

/**
 * nopCommerce order events -> the stored snapshot -> the order advances. The flow's own write-backs come
 * back here as events too (loop guard: they only refresh the snapshot, the action keys stop any repeat).
 * When the order names a PaymentIntent whose state is not final here, Stripe is asked at once: a webhook that
 * arrived before the order (or never) does not leave the order stuck.
 */
export class HandleOrderEvent {
  constructor(
    private readonly intents: PaymentIntentsPort,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly call: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const parsed = parseStoredBridgeEvent(event);
    if (
      parsed.type !== "order.placed" &&
      parsed.type !== "order.paid" &&
      parsed.type !== "order.status_changed" &&
      parsed.type !== "order.voided"
    )
      return;
    const { order, version } = parsed.payload;
    const guid = orderGuid(order.orderGuid);
    const total = fromDecimalString(order.orderTotal, order.primaryStoreCurrencyCode);
    await this.store.saveNopOrder(order, version, total.ok ? total.value : null, {
      key: eventKey("bridge", event.eventId),
      aggregate: guid,
      kind: "event",
      name: event.type,
      detail: {
        eventId: event.eventId,
        version,
        paymentStatusId: order.paymentStatusId,
        orderStatusId: order.orderStatusId,
      },
    });
    if (parsed.type === "order.placed") await this.syncPayment(guid);
    await this.advance.run(guid);
  };

  private async syncPayment(orderGuid: OrderGuid): Promise<void> {
    const state = await this.store.getOrderState(orderGuid);
    const paymentIntentId = state?.order.paymentIntentId;
    if (!paymentIntentId) return;
    const known = state.payment;
    if (known && isTerminal(known.status)) return;
    const intent = await this.call("fetch the order's PaymentIntent", () =>
      retrieveIntent(this.intents, paymentIntentId),
    );
    if (!isPaymentIntentStatus(intent.status)) return;
    await this.store.observePayment(observationOf({ ...intent, status: intent.status }, orderGuid, []), known ?? null);
  }
}
