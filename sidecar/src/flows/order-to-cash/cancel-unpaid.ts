import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import type Stripe from "stripe";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { JobAttempt } from "../../jobs/job-queue.js";
import { actionKey } from "./advance-order.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";

/**
 * The delayed job set off by a decline: if the order is still unpaid when it runs, the PaymentIntent is
 * cancelled in Stripe (so a late retry cannot charge) and the order is cancelled in nopCommerce.
 */
export class CancelUnpaidOrder {
  constructor(
    private readonly stripe: Stripe,
    private readonly nop: NopPort,
    private readonly store: OrderToCashStore,
    private readonly failures: ConnectorFailures,
  ) {}

  readonly handle = async (job: JobAttempt): Promise<void> => {
    const orderGuid = String(job.data.orderGuid);
    const order = await this.store.getOrder(orderGuid);
    if (!order?.nopOrder || order.nopOrderId === null) return;
    const payment = order.paymentIntentId ? await this.store.getPayment(order.paymentIntentId) : undefined;
    if (payment && ["succeeded", "requires_capture", "processing", "canceled"].includes(payment.status)) return;
    if (order.nopOrder.paymentStatusId !== PaymentStatus.Pending) return;
    if (order.nopOrder.orderStatusId === OrderStatus.Cancelled) return;
    const key = actionKey(orderGuid, "cancel-unpaid");
    if (payment) {
      const intent = await this.failures.call("stripe", "cancel the unpaid PaymentIntent", () =>
        this.stripe.paymentIntents.retrieve(payment.paymentIntentId),
      );
      if (["succeeded", "requires_capture", "processing"].includes(intent.status)) return; // paid meanwhile
      if (intent.status !== "canceled")
        await this.failures.call("stripe", "cancel the unpaid PaymentIntent", () =>
          this.stripe.paymentIntents.cancel(
            payment.paymentIntentId,
            { cancellation_reason: "abandoned" },
            { idempotencyKey: key },
          ),
        );
    }
    const orderId = nopOrderId(order.nopOrderId);
    const result = await this.failures.call("nop", "cancel the unpaid order", () =>
      this.nop.cancelOrder({ orderId, notifyCustomer: true }, { requestId: key }),
    );
    if (result.ok) await this.store.saveNopOrder(result.value.order, null, null);
    await this.store.record({
      key,
      orderGuid,
      kind: "action",
      name: "cancel-unpaid",
      detail: { refused: result.ok ? null : result.error.message },
    });
  };
}
