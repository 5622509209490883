import { randomUUID } from "node:crypto";
import { OrderStatus, PaymentStatus, RecurringPaymentType, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import type { NopOrderId, NopOrderItemId } from "@nop-stripe/contract/nop-ids.js";
import type { WriteBackRequest, WriteBackResponse } from "@nop-stripe/contract/write-back-schemas.js";
import { notFound, type OpResult, ok, refused } from "./op-result.js";
import { nextPaymentDate, recurringPaymentTypeOf } from "./recurring-rules.js";
import type { SimCatalog } from "./sim-catalog.js";
import { fromFixed } from "./sim-decimal.js";
import type { SimOrders } from "./sim-orders.js";
import type { RecurringPaymentView, SimRecurringPayments } from "./sim-recurring-payments.js";
import type { SimOrder, SimState } from "./sim-state.js";

type ProcessAnswer = WriteBackResponse<"processNextRecurringPayment">;
type FailedAnswer = WriteBackResponse<"markRecurringPaymentFailed">;

/**
 * ProcessNextRecurringPaymentAsync as an Automatic payment method drives it (PayPal Standard's IPN is the stock
 * example): the gateway billed, the plugin reports the result. The first report of a recurring payment with no
 * history is the initial order's own cycle; each later one creates the next order from the initial one. Every
 * Stripe invoice (and each failed attempt of one) is applied once.
 */
export class SimRecurringBilling {
  /** Stripe invoice -> order, and failed attempts seen, per recurring payment (the plugin keeps GenericAttributes). */
  private readonly paidInvoices = new Map<number, Map<string, NopOrderId>>();
  private readonly failedAttempts = new Map<number, Set<string>>();

  constructor(
    private readonly state: SimState,
    private readonly orders: SimOrders,
    private readonly catalog: SimCatalog,
    private readonly recurring: SimRecurringPayments,
  ) {}

  processNext(request: WriteBackRequest<"processNextRecurringPayment">): OpResult<ProcessAnswer> {
    const found = this.recurring.get(request.recurringPaymentId);
    if (!found.ok) return found;
    const paid = this.invoicesOf(request.recurringPaymentId);
    const known = paid.get(request.invoiceId);
    if (known !== undefined) return this.processAnswer(request.recurringPaymentId, known, true);
    const refusal = this.canProcess(found.value);
    if (refusal) return refusal;

    const rp = found.value.recurringPayment;
    let orderId: NopOrderId;
    if (found.value.history.length === 0) {
      orderId = rp.initialOrderId;
    } else {
      const initial = this.state.orders.get(rp.initialOrderId);
      if (!initial) return notFound("order", rp.initialOrderId);
      orderId = this.placeRecurringOrder(initial, request.captureTransactionId);
    }
    this.recurring.addHistory(rp.id, orderId);
    paid.set(request.invoiceId, orderId);
    const stored = this.state.recurringPayments.get(rp.id)!;
    stored.lastPaymentFailed = false;
    if (found.value.history.length > 0)
      stored.isActive = nextPaymentDate(stored, this.recurring.history(rp.id).length) !== null;
    return this.processAnswer(rp.id, orderId, false);
  }

  /**
   * ProcessNextRecurringPaymentAsync with a result whose RecurringPaymentFailed is set: LastPaymentFailed, the
   * error in the log, and the customer told (or the payment cancelled when CancelRecurringPaymentsAfterFailedPayment).
   */
  markFailed(request: WriteBackRequest<"markRecurringPaymentFailed">): OpResult<FailedAnswer> {
    const found = this.recurring.get(request.recurringPaymentId);
    if (!found.ok) return found;
    const attempts = this.failedAttempts.get(request.recurringPaymentId) ?? new Set<string>();
    this.failedAttempts.set(request.recurringPaymentId, attempts);
    const attempt = `${request.invoiceId}#${request.attemptCount}`;
    if (attempts.has(attempt))
      return ok({ ...found.value, alreadyApplied: true, cancelled: !found.value.recurringPayment.isActive });
    const refusal = this.canProcess(found.value);
    if (refusal) return refusal;

    const rp = this.state.recurringPayments.get(request.recurringPaymentId)!;
    attempts.add(attempt);
    rp.lastPaymentFailed = true;
    const now = this.state.isoNow();
    this.state.log.push({
      level: "Error",
      message: `Error while processing recurring order. ${request.error}`,
      createdOnUtc: now,
    });
    const cancel = this.state.settings.cancelRecurringPaymentsAfterFailedPayment === true;
    if (cancel) this.recurring.cancel(rp.id);
    this.state.customerNotifications.push({
      template: cancel
        ? "RecurringPaymentCancelled.CustomerNotification"
        : "RecurringPaymentFailed.CustomerNotification",
      customerId: rp.customerId,
      createdOnUtc: now,
    });
    return ok({ ...this.recurring.view(rp.id), alreadyApplied: false, cancelled: cancel });
  }

  /** The checks ProcessNextRecurringPaymentAsync makes before it takes a payment result. */
  private canProcess({ recurringPayment: rp }: RecurringPaymentView): OpResult<never> | undefined {
    if (!rp.isActive) return refused("RecurringPaymentIsActive", `recurring payment ${rp.id} is not active`);
    const type = recurringPaymentTypeOf(rp.paymentMethodSystemName ?? "");
    if (type !== RecurringPaymentType.Automatic)
      return refused(
        "RecurringPaymentTypeIsAutomatic",
        `recurring payment ${rp.id} was paid with ${rp.paymentMethodSystemName}, which nopCommerce bills itself or not at all`,
      );
    if (rp.nextPaymentDateUtc === null)
      return refused("HasNextPaymentDate", `recurring payment ${rp.id} has no cycle left (${rp.totalCycles} in all)`);
    return undefined;
  }

  /** SaveOrderDetailsAsync for a recurring cycle: the initial order's lines and totals, paid, stock taken. */
  private placeRecurringOrder(initial: SimOrder, captureTransactionId: string): NopOrderId {
    const { id, orderGuid } = this.orders.nextOrderIdentity();
    const source = initial.detail;
    const order: SimOrder = {
      refundIds: new Set(),
      detail: {
        ...structuredClone(source),
        id,
        orderGuid,
        customOrderNumber: String(id),
        orderStatusId: OrderStatus.Pending,
        paymentStatusId: PaymentStatus.Paid,
        shippingStatusId: source.shippingAddress ? ShippingStatus.NotYetShipped : ShippingStatus.ShippingNotRequired,
        refundedAmount: fromFixed(0n),
        authorizationTransactionId: null,
        captureTransactionId,
        paidDateUtc: null,
        billingAddress: { ...source.billingAddress, id: this.state.nextId("Address") },
        shippingAddress: source.shippingAddress
          ? { ...source.shippingAddress, id: this.state.nextId("Address") }
          : null,
        items: source.items.map((item) => ({
          ...item,
          id: this.state.nextId("OrderItem") as NopOrderItemId,
          orderItemGuid: randomUUID(),
        })),
        createdOnUtc: this.state.isoNow(),
        notes: [],
        shipments: [],
      },
    };
    for (const item of order.detail.items) {
      const product = this.state.products.get(item.productId);
      if (product)
        this.catalog.adjustInventory(
          product,
          -item.quantity,
          `The stock quantity has been reduced by placing the order #${id}`,
        );
    }
    this.orders.insertPlaced(order);
    return id;
  }

  private invoicesOf(recurringPaymentId: number): Map<string, NopOrderId> {
    const invoices = this.paidInvoices.get(recurringPaymentId) ?? new Map<string, NopOrderId>();
    this.paidInvoices.set(recurringPaymentId, invoices);
    return invoices;
  }

  private processAnswer(recurringPaymentId: number, orderId: NopOrderId, alreadyApplied: boolean) {
    const order = this.orders.get(orderId);
    if (!order.ok) return order;
    return ok({ ...this.recurring.view(recurringPaymentId), order: order.value, alreadyApplied });
  }
}
