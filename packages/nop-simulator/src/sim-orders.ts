import { randomUUID } from "node:crypto";
import type { DecimalString } from "@nop-stripe/contract/decimal-string.js";
import type { NopOrder, NopOrderDetail, NopOrderItem, NopShipment } from "@nop-stripe/contract/nop-entities.js";
import {
  enumName,
  OrderStatus,
  type OrderStatusId,
  PaymentStatus,
  ShippingStatus,
} from "@nop-stripe/contract/nop-enums.js";
import type { NopOrderId, NopOrderItemId, NopShipmentId } from "@nop-stripe/contract/nop-ids.js";
import { invalid, notFound, type OpResult, ok, refused } from "./op-result.js";
import {
  canCancelOrder,
  canMarkOrderAsAuthorized,
  canMarkOrderAsPaid,
  canPartiallyRefundOffline,
  canRefundOffline,
  canVoidOffline,
  type RuleCheck,
} from "./order-rules.js";
import type { SimCatalog } from "./sim-catalog.js";
import { fromFixed, toFixed } from "./sim-decimal.js";
import type { SimRecurringPayments } from "./sim-recurring-payments.js";
import type { SimOrder, SimState } from "./sim-state.js";

export type ShipmentLine = { orderItemId: number; quantity: number };

/** The order without notes and shipments, as events carry it. */
export function orderView(order: SimOrder): NopOrder {
  const { notes: _notes, shipments: _shipments, ...rest } = order.detail;
  return structuredClone(rest);
}

const detailView = (order: SimOrder): NopOrderDetail => structuredClone(order.detail);

const check = (result: RuleCheck): OpResult<never> | undefined =>
  result.ok ? undefined : refused(result.rule, result.message);

/**
 * nopCommerce's OrderProcessingService, the parts the bridge calls: each write-back runs the same Can* check as
 * the admin button, then changes state, adds the same order notes and raises events in the same order
 * (status changes from CheckOrderStatus come before order.paid / order.refunded / order.voided).
 */
export class SimOrders {
  constructor(
    private readonly state: SimState,
    private readonly catalog: SimCatalog,
    private readonly recurring: SimRecurringPayments,
  ) {}

  get(orderId: number): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    return order ? ok(detailView(order)) : notFound("order", orderId);
  }

  markAuthorized(orderId: number, authorizationTransactionId: string): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const refusal = check(canMarkOrderAsAuthorized(order.detail));
    if (refusal) return refusal;
    order.detail.authorizationTransactionId = authorizationTransactionId;
    order.detail.paymentStatusId = PaymentStatus.Authorized;
    this.addNote(order, "Order has been marked as authorized");
    this.checkOrderStatus(order);
    return ok(detailView(order));
  }

  markPaid(
    orderId: number,
    captureTransactionId: string,
    captureTransactionResult: string | null,
  ): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const refusal = check(canMarkOrderAsPaid(order.detail));
    if (refusal) return refusal;
    // The plugin also stores captureTransactionResult on the order; the contract does not expose it.
    void captureTransactionResult;
    order.detail.captureTransactionId = captureTransactionId;
    this.applyPaid(order);
    return ok(detailView(order));
  }

  recordRefund(
    orderId: number,
    kind: "full" | "partial",
    amount: string,
    refundId: string,
  ): OpResult<{ order: NopOrderDetail; alreadyApplied: boolean }> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    if (order.refundIds.has(refundId)) return ok({ order: detailView(order), alreadyApplied: true });
    const d = order.detail;
    if (toFixed(amount) === 0n) return invalid("amount must be greater than zero");
    let refunded: DecimalString;
    if (kind === "full") {
      const refusal = check(canRefundOffline(d));
      if (refusal) return refusal;
      if (toFixed(amount) !== toFixed(d.orderTotal))
        return invalid(`a full refund's amount must equal orderTotal ${d.orderTotal}; send kind "partial" otherwise`);
      // RefundOfflineAsync: the whole total, status Refunded.
      refunded = d.orderTotal;
      d.refundedAmount = fromFixed(toFixed(d.refundedAmount) + toFixed(d.orderTotal));
      d.paymentStatusId = PaymentStatus.Refunded;
      this.addNote(order, `Order has been marked as refunded. Amount = ${refunded}`);
    } else {
      const refusal = check(canPartiallyRefundOffline(d, amount));
      if (refusal) return refusal;
      // PartiallyRefundOfflineAsync: Refunded once the whole total is back, PartiallyRefunded before.
      refunded = fromFixed(toFixed(amount));
      const total = toFixed(d.refundedAmount) + toFixed(amount);
      d.refundedAmount = fromFixed(total);
      d.paymentStatusId = total === toFixed(d.orderTotal) ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
      this.addNote(order, `Order has been marked as partially refunded. Amount = ${refunded}`);
    }
    order.refundIds.add(refundId);
    this.checkOrderStatus(order);
    this.state.events.emit("order.refunded", { order: orderView(order), amount: refunded });
    return ok({ order: detailView(order), alreadyApplied: false });
  }

  /** After the payment method refunded online: the note, CheckOrderStatus and OrderRefundedEvent. */
  afterOnlineRefund(orderId: number, amount: DecimalString, isPartialRefund: boolean): NopOrderDetail {
    const order = this.state.orders.get(orderId)!;
    this.addNote(order, `Order has been ${isPartialRefund ? "partially refunded" : "refunded"}. Amount = ${amount}`);
    this.checkOrderStatus(order);
    this.state.events.emit("order.refunded", { order: orderView(order), amount });
    return detailView(order);
  }

  voidOrder(orderId: number): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const refusal = check(canVoidOffline(order.detail));
    if (refusal) return refusal;
    order.detail.paymentStatusId = PaymentStatus.Voided;
    this.addNote(order, "Order has been marked as voided");
    this.checkOrderStatus(order);
    this.state.events.emit("order.voided", { order: orderView(order) });
    return ok(detailView(order));
  }

  /** CancelOrderAsync: status Cancelled, note, recurring payments cancelled, stock returned. Payment untouched. */
  cancel(orderId: number): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const refusal = check(canCancelOrder(order.detail));
    if (refusal) return refusal;
    this.setOrderStatus(order, OrderStatus.Cancelled);
    this.addNote(order, "Order has been cancelled");
    for (const rp of this.state.recurringPayments.values())
      if (rp.initialOrderId === orderId && rp.isActive) this.recurring.cancel(rp.id);
    for (const item of order.detail.items) {
      const product = this.state.products.get(item.productId);
      if (product)
        this.catalog.adjustInventory(
          product,
          item.quantity,
          `The stock quantity has been increased by cancelling the order #${orderId}`,
        );
    }
    return ok(detailView(order));
  }

  addOrderNote(orderId: number, note: string, displayToCustomer: boolean): OpResult<NopOrderDetail> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    this.addNote(order, note, displayToCustomer);
    return ok(detailView(order));
  }

  /** The admin's AddShipment followed by ShipAsync. */
  addShipment(
    orderId: number,
    trackingNumber: string,
    lines: ShipmentLine[] | null,
  ): OpResult<{ shipment: NopShipment; order: NopOrderDetail }> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const wanted = lines ?? this.remainingLines(order);
    if (wanted.length === 0)
      return refused("HasItemsToAddToShipment", `order ${orderId} has no items left to add to a shipment`);
    for (const line of wanted) {
      const item = order.detail.items.find((i) => i.id === line.orderItemId);
      if (!item) return invalid(`orderItemId ${line.orderItemId} is not an item of order ${orderId}`);
      const left = this.quantityLeftToShip(order, item);
      if (line.quantity > left)
        return refused(
          "HasItemsToAddToShipment",
          `order item ${item.id} has ${left} left to ship, not ${line.quantity}`,
        );
    }
    const shipment: NopShipment = {
      id: this.state.nextId("Shipment") as NopShipmentId,
      orderId: order.detail.id,
      trackingNumber,
      totalWeight: null,
      shippedDateUtc: null,
      deliveryDateUtc: null,
      createdOnUtc: this.state.isoNow(),
      items: wanted.map((l) => ({
        id: this.state.nextId("ShipmentItem"),
        orderItemId: l.orderItemId as NopOrderItemId,
        quantity: l.quantity,
      })),
    };
    order.detail.shipments.push(shipment);
    this.ship(order, shipment);
    return ok({ shipment: structuredClone(shipment), order: detailView(order) });
  }

  /** DeliverAsync; its two preconditions are exceptions in nopCommerce, rules here. */
  markDelivered(shipmentId: number): OpResult<{ shipment: NopShipment; order: NopOrderDetail }> {
    const found = this.state.findShipment(shipmentId);
    if (!found) return notFound("shipment", shipmentId);
    const { order } = found;
    const shipment = order.detail.shipments[found.index]!;
    if (!shipment.shippedDateUtc) return refused("ShipmentIsShipped", `shipment ${shipmentId} is not shipped yet`);
    if (shipment.deliveryDateUtc)
      return refused("ShipmentNotYetDelivered", `shipment ${shipmentId} is already delivered`);
    shipment.deliveryDateUtc = this.state.isoNow();
    if (!this.hasItemsToAddToShipment(order) && !this.hasItemsToShip(order) && !this.hasItemsToDeliver(order))
      order.detail.shippingStatusId = ShippingStatus.Delivered;
    this.addNote(order, `Shipment# ${shipment.id} has been delivered`);
    this.state.events.emit("shipment.delivered", { shipment: structuredClone(shipment), order: orderView(order) });
    this.checkOrderStatus(order);
    return ok({ shipment: structuredClone(shipment), order: detailView(order) });
  }

  /** Inserts a placed order and runs PlaceOrderAsync's tail: events, CheckOrderStatus, then paid processing. */
  insertPlaced(order: SimOrder): void {
    this.state.orders.set(order.detail.id, order);
    this.state.events.emit("order.placed", { order: orderView(order) });
    this.checkOrderStatus(order);
    if (order.detail.paymentStatusId === PaymentStatus.Paid)
      this.state.events.emit("order.paid", { order: orderView(order) });
  }

  nextOrderIdentity(): { id: NopOrderId; orderGuid: string } {
    return { id: this.state.nextId("Order") as NopOrderId, orderGuid: randomUUID() };
  }

  private applyPaid(order: SimOrder): void {
    order.detail.paymentStatusId = PaymentStatus.Paid;
    order.detail.paidDateUtc = this.state.isoNow();
    this.addNote(order, "Order has been marked as paid");
    this.checkOrderStatus(order);
    if (order.detail.paymentStatusId === PaymentStatus.Paid)
      this.state.events.emit("order.paid", { order: orderView(order) });
  }

  private ship(order: SimOrder, shipment: NopShipment): void {
    shipment.shippedDateUtc = this.state.isoNow();
    order.detail.shippingStatusId =
      this.hasItemsToAddToShipment(order) || this.hasItemsToShip(order)
        ? ShippingStatus.PartiallyShipped
        : ShippingStatus.Shipped;
    this.addNote(order, `Shipment# ${shipment.id} has been sent`);
    this.state.events.emit("shipment.sent", { shipment: structuredClone(shipment), order: orderView(order) });
    this.checkOrderStatus(order);
  }

  /** CheckOrderStatusAsync: Pending -> Processing once paid/authorized or shipping started; -> Complete when done. */
  checkOrderStatus(order: SimOrder): void {
    const d = order.detail;
    if (d.paymentStatusId === PaymentStatus.Paid && !d.paidDateUtc) d.paidDateUtc = this.state.isoNow();
    const paidOrAuthorized = d.paymentStatusId === PaymentStatus.Authorized || d.paymentStatusId === PaymentStatus.Paid;
    const shippingStarted = [
      ShippingStatus.PartiallyShipped,
      ShippingStatus.Shipped,
      ShippingStatus.Delivered,
    ].includes(d.shippingStatusId as 25 | 30 | 40);
    if (d.orderStatusId === OrderStatus.Pending && (paidOrAuthorized || shippingStarted))
      this.setOrderStatus(order, OrderStatus.Processing);
    if (d.orderStatusId === OrderStatus.Cancelled || d.orderStatusId === OrderStatus.Complete) return;
    if (d.paymentStatusId !== PaymentStatus.Paid) return;
    const completed =
      d.shippingStatusId === ShippingStatus.ShippingNotRequired ||
      (this.state.settings.completeOrderWhenDelivered
        ? d.shippingStatusId === ShippingStatus.Delivered
        : d.shippingStatusId === ShippingStatus.Shipped || d.shippingStatusId === ShippingStatus.Delivered);
    if (completed) this.setOrderStatus(order, OrderStatus.Complete);
  }

  private setOrderStatus(order: SimOrder, status: OrderStatusId): void {
    const previous = order.detail.orderStatusId;
    if (previous === status) return;
    order.detail.orderStatusId = status;
    this.addNote(order, `Order status has been changed to ${enumName(OrderStatus, status)}`);
    this.state.events.emit("order.status_changed", { order: orderView(order), previousOrderStatusId: previous });
  }

  addNote(order: SimOrder, note: string, displayToCustomer = false): void {
    order.detail.notes.push({
      id: this.state.nextId("OrderNote"),
      note,
      displayToCustomer,
      createdOnUtc: this.state.isoNow(),
    });
  }

  private isShippable(item: NopOrderItem): boolean {
    return this.state.products.get(item.productId)?.isShipEnabled ?? true;
  }

  private quantityLeftToShip(order: SimOrder, item: NopOrderItem): number {
    if (!this.isShippable(item)) return 0;
    const inShipments = order.detail.shipments
      .flatMap((s) => s.items)
      .filter((si) => si.orderItemId === item.id)
      .reduce((sum, si) => sum + si.quantity, 0);
    return item.quantity - inShipments;
  }

  private remainingLines(order: SimOrder): ShipmentLine[] {
    return order.detail.items
      .map((item) => ({ orderItemId: item.id as number, quantity: this.quantityLeftToShip(order, item) }))
      .filter((l) => l.quantity > 0);
  }

  private hasItemsToAddToShipment(order: SimOrder): boolean {
    return this.remainingLines(order).length > 0;
  }

  private hasItemsToShip(order: SimOrder): boolean {
    return order.detail.shipments.some((s) => !s.shippedDateUtc);
  }

  private hasItemsToDeliver(order: SimOrder): boolean {
    return order.detail.shipments.some((s) => s.shippedDateUtc && !s.deliveryDateUtc);
  }
}
