import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { OrderStatus, PaymentStatus, type PaymentStatusId, ShippingStatus } from "../../domain/nop-statuses.js";
import { erpSyncAllowed, type OrderToCashRules, rulesForStore } from "../../domain/order-to-cash-rules.js";
import { holdsMoney, nopTargetFor } from "../../domain/payment-state.js";
import { type OrderAction, type OrderActionName, orderKey } from "./order-actions.js";
import type { OrderState } from "./order-to-cash-store.js";

/**
 * The order's next actions, from what is known of it: payment status in nop (or decline notes, or void/cancel),
 * then the ERP sales order, its note, the WMS request, the shipment and its delivery. Pure: the same state gives
 * the same plan. The runner performs the first action, then plans again from the state it leaves, so a later
 * action here is what would be due next if nothing changed.
 */
export function planOrder(state: OrderState, rules: OrderToCashRules): OrderAction[] {
  const { order, payment, notices } = state;
  const done = (name: OrderActionName, ...details: string[]) =>
    state.done.has(orderKey(order.orderGuid, name, ...details));
  const nop = order.nopOrder;
  // nopCommerce has not described the order yet: its order.placed will. Money already taken or held for it is
  // looked at again after a grace time, and alerted on if the order is still unknown then.
  if (!nop) return payment && holdsMoney(payment.status) ? [{ name: "check-unknown-order" }] : [];

  const actions: OrderAction[] = [];
  if (payment) {
    const target = nopTargetFor(payment.status, payment.declines.length > 0);
    switch (target.action) {
      case "mark-paid":
        // After the admin's Capture nopCommerce marks the order Paid itself (the plugin answers Paid).
        if (!done("mark-paid") && !done("capture")) actions.push({ name: "mark-paid" });
        if (payment.amountReceived.amount < payment.amount.amount && !done("partial-capture"))
          actions.push({ name: "partial-capture" });
        break;
      case "mark-authorized":
        if (!done("mark-authorized") && !done("mark-paid") && !done("capture"))
          actions.push({ name: "mark-authorized" });
        break;
      case "note-decline":
        for (const decline of payment.declines)
          if (!done("decline", decline.id)) actions.push({ name: "decline", decline });
        break;
      case "void-or-cancel":
        // After the admin's Void nopCommerce sets Voided itself (the plugin answers Voided).
        if (!done("void-or-cancel") && !done("void")) actions.push({ name: "void-or-cancel" });
        break;
      case "none":
        break;
    }
  }
  // A cancelled or voided order is not booked or shipped.
  if (nop.orderStatusId === OrderStatus.Cancelled || effectivePaymentStatus(nop, state) === PaymentStatus.Voided)
    return actions;

  const store = rulesForStore(rules, nop.storeId);
  if (payment && !order.erpDocumentNumber && erpSyncAllowed(store, effectivePaymentStatus(nop, state)))
    actions.push({ name: "erp-sales-order" });
  if (!order.erpDocumentNumber) return actions;
  if (!done("erp-note")) actions.push({ name: "erp-note" });

  const ships = nop.shippingStatusId !== ShippingStatus.ShippingNotRequired;
  if (!store.fulfillment || !ships) return actions;
  if (!order.wmsRequestId) return [...actions, { name: "wms-request" }];
  const first = notices[0];
  if (!first) return actions;
  if (order.nopShipmentId === null) actions.push({ name: "ship", notice: first });
  // A delivery reported first creates the shipment (above), then delivers it.
  if (notices.some((n) => n.type === "shipment.delivered") && !done("deliver")) actions.push({ name: "deliver" });
  return actions;
}

/**
 * nop's PaymentStatus as this flow (or the admin's Capture / Void through it) has made it, even if the stored
 * snapshot predates the change.
 */
export function effectivePaymentStatus(nop: NopOrder, state: OrderState): PaymentStatusId {
  const done = (name: OrderActionName) => state.done.has(orderKey(state.order.orderGuid, name));
  if (done("void") && nop.paymentStatusId === PaymentStatus.Authorized) return PaymentStatus.Voided;
  if ((done("mark-paid") || done("capture")) && nop.paymentStatusId < PaymentStatus.Paid) return PaymentStatus.Paid;
  if (done("mark-authorized") && nop.paymentStatusId < PaymentStatus.Authorized) return PaymentStatus.Authorized;
  return nop.paymentStatusId;
}
