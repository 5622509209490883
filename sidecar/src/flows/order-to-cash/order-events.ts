import type Stripe from "stripe";
import { parseBridgeEvent } from "../../connectors/nop/parse-bridge-event.js";
import { fromDecimalString } from "../../domain/money.js";
import { isPaymentIntentStatus, isTerminal } from "../../domain/payment-state.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceOrder } from "./advance-order.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { OrderState, OrderToCashStore } from "./order-to-cash-store.js";
import { observationOf } from "./payment-observation.js";
import { parsePaymentIntent } from "./stripe-objects.js";

/** Bridge order events the flow follows. */
export const orderEventTypes = ["order.placed", "order.paid", "order.status_changed"] as const;

/**
 * nopCommerce order events -> the stored snapshot -> the order advances. The flow's own write-backs come
 * back here as events too (loop guard: they only refresh the snapshot, the action keys stop any repeat).
 * When the order names a PaymentIntent whose state is not final here, Stripe is asked at once: a webhook that
 * arrived before the order (or never) does not leave the order stuck.
 */
export class HandleOrderEvent {
  constructor(
    private readonly stripe: Stripe,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly failures: ConnectorFailures,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const parsed = parseBridgeEvent(event.type, (event.payload as { payload?: unknown }).payload);
    if (!parsed.ok) throw new PermanentError(parsed.message, "check the bridge plugin's contract version");
    if (
      parsed.event.type !== "order.placed" &&
      parsed.event.type !== "order.paid" &&
      parsed.event.type !== "order.status_changed"
    )
      return;
    const { order, version } = parsed.event.payload;
    const total = fromDecimalString(order.orderTotal, order.primaryStoreCurrencyCode);
    await this.store.saveNopOrder(order, version, total.ok ? total.money.amount : null, {
      key: `event:bridge:${event.eventId}`,
      orderGuid: order.orderGuid,
      kind: "event",
      name: event.type,
      detail: {
        eventId: event.eventId,
        version,
        paymentStatusId: order.paymentStatusId,
        orderStatusId: order.orderStatusId,
      },
    });
    const state = parsed.event.type === "order.placed" ? await this.syncPayment(order.orderGuid) : undefined;
    await this.advance.run(order.orderGuid, state);
  };

  /** Returns the order's state when it did not change it (so it need not be read again). */
  private async syncPayment(orderGuid: string): Promise<OrderState | undefined> {
    const state = await this.store.getOrderState(orderGuid);
    const paymentIntentId = state?.order.paymentIntentId;
    if (!paymentIntentId) return state;
    const known = state.payment;
    if (known && isTerminal(known.status)) return state;
    const intent = parsePaymentIntent(
      await this.failures.call("stripe", "fetch the order's PaymentIntent", () =>
        this.stripe.paymentIntents.retrieve(paymentIntentId),
      ),
    );
    if (!isPaymentIntentStatus(intent.status)) return;
    await this.store.observePayment(
      observationOf({ ...intent, status: intent.status }, orderGuid.toLowerCase(), []),
      known ?? null,
    );
  }
}
