import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { OrderGuid } from "../../domain/ids.js";
import { OrderStatus, PaymentStatus } from "../../domain/nop-statuses.js";
import type { PaymentIntentsPort } from "../../ports/stripe.js";
import type { AdvanceOrder } from "./advance-order.js";
import { orderKey } from "./order-actions.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";
import { retrieveIntent, stripeValue } from "./retrieve-intent.js";

const stillOpen = ["succeeded", "requires_capture", "processing"];

/**
 * The delayed job set off by a decline: if the order is still unpaid when it runs, the PaymentIntent is
 * cancelled in Stripe (so a late retry cannot charge) and the order is cancelled in nopCommerce. It runs under
 * the order's lock, so a payment being applied at that moment finishes first and is seen.
 */
export class CancelUnpaidOrder {
  constructor(
    private readonly intents: PaymentIntentsPort,
    private readonly nop: NopPort,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly call: <T>(system: string, what: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  readonly handle = ({ orderGuid }: { orderGuid: OrderGuid }): Promise<void> =>
    this.advance.exclusive(orderGuid, () => this.cancelIfUnpaid(orderGuid));

  private async cancelIfUnpaid(orderGuid: OrderGuid): Promise<void> {
    const order = await this.store.getOrder(orderGuid);
    if (!order?.nopOrder || order.nopOrderId === null) return;
    const payment = order.paymentIntentId ? await this.store.getPayment(order.paymentIntentId) : undefined;
    if (payment && [...stillOpen, "canceled"].includes(payment.status)) return;
    if (order.nopOrder.paymentStatusId !== PaymentStatus.Pending) return;
    if (order.nopOrder.orderStatusId === OrderStatus.Cancelled) return;
    const key = orderKey(orderGuid, "cancel-unpaid");
    if (payment) {
      const what = "cancel the unpaid PaymentIntent";
      const intent = await this.call("stripe", what, () => retrieveIntent(this.intents, payment.paymentIntentId));
      if (stillOpen.includes(intent.status)) return; // paid meanwhile
      if (intent.status !== "canceled")
        stripeValue(
          await this.call("stripe", what, () => this.intents.cancelAbandoned(payment.paymentIntentId, key)),
          `PaymentIntent ${payment.paymentIntentId}`,
        );
    }
    const orderId = nopOrderId(order.nopOrderId);
    const result = await this.call("nop", "cancel the unpaid order", () =>
      this.nop.cancelOrder({ orderId, notifyCustomer: true }, { requestId: key }),
    );
    if (result.ok) await this.store.saveNopOrder(result.value.order, null, null);
    await this.store.record({
      key,
      aggregate: orderGuid,
      kind: "action",
      name: "cancel-unpaid",
      detail: { refused: result.ok ? null : result.error.message },
    });
  }
}
