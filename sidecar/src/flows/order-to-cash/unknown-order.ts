import type { OrderGuid } from "../../domain/ids.js";
import { formatMoney } from "../../domain/money.js";
import { holdsMoney } from "../../domain/payment-state.js";
import type { Notifier } from "../../ports/notifier.js";
import { orderKey } from "./order-actions.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";

/**
 * Money received for an order the store never described is money nobody will ship for: a critical alert, once
 * per order (the action key marks it sent). Nothing else is done: which of the two systems is wrong is for a
 * person to find out.
 */
export class AlertUnknownOrder {
  constructor(
    private readonly store: OrderToCashStore,
    private readonly notifier: Notifier,
  ) {}

  readonly handle = async ({ orderGuid }: { orderGuid: OrderGuid }): Promise<void> => {
    const state = await this.store.getOrderState(orderGuid);
    const payment = state?.payment;
    if (!state || state.order.nopOrder || !payment || !holdsMoney(payment.status)) return;
    const key = orderKey(orderGuid, "unknown-order-alert");
    if (state.done.has(key)) return;
    const held = formatMoney(payment.status === "succeeded" ? payment.amountReceived : payment.amountCapturable);
    await this.notifier.alert({
      severity: "critical",
      code: "order_to_cash.payment_for_unknown_order",
      message: `Stripe ${payment.paymentIntentId} holds ${held} for order ${orderGuid}, which nopCommerce has not described`,
      context: { orderGuid, paymentIntentId: payment.paymentIntentId, status: payment.status },
    });
    await this.store.record({
      key,
      aggregate: orderGuid,
      kind: "action",
      name: "unknown-order-alert",
      detail: { paymentIntentId: payment.paymentIntentId, status: payment.status, held },
    });
  };
}
