import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { OrderStatus, PaymentStatus, type PaymentStatusId, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId, nopShipmentId } from "@nop-stripe/contract/nop-ids.js";
import type Stripe from "stripe";
import { ConnectorRejected } from "../../connectors/erp/connector-errors.js";
import type { ErpPort } from "../../connectors/erp/erp-port.js";
import { salesOrderDraftSchema } from "../../connectors/erp/erp-types.js";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort, NopResult } from "../../connectors/nop/nop-port.js";
import type { Notifier } from "../../connectors/notifier/notifier.js";
import type { WmsPort } from "../../connectors/wms/wms-port.js";
import { applyMapping } from "../../domain/mapping/apply-mapping.js";
import { erpSalesOrderMappingV1 } from "../../domain/mapping/erp-sales-order-mapping.js";
import { MappingError } from "../../domain/mapping/mapping-error.js";
import { applyTransform } from "../../domain/mapping/transforms.js";
import { formatMoney, money } from "../../domain/money.js";
import { erpSyncAllowed, rulesForStore } from "../../domain/order-to-cash-rules.js";
import { holdsMoney, nopTargetFor } from "../../domain/payment-state.js";
import type { JobQueue } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { ConnectorFailures } from "./connector-failures.js";
import type { ResolvedOrderToCashOptions } from "./order-to-cash-options.js";
import type {
  OrderRecord,
  OrderState,
  OrderToCashStore,
  PaymentRecord,
  ShipmentNotice,
} from "./order-to-cash-store.js";
import { unknownOrderCheck } from "./unknown-order-job.js";

export const cancelUnpaidJob = "order-to-cash.cancel-unpaid";

/** Idempotency keys and timeline keys of the flow's actions: one per order and action (per decline). */
export const actionKey = (orderGuid: string, action: string) => `o2c:${orderGuid.toLowerCase()}:${action}`;

export interface AdvanceDeps {
  store: OrderToCashStore;
  nop: NopPort;
  erp: ErpPort;
  wms: WmsPort;
  stripe: Stripe;
  notifier: Notifier;
  queue: JobQueue;
  failures: ConnectorFailures;
  options: ResolvedOrderToCashOptions;
}

/**
 * The convergent heart of the flow: reads what is known about an order (nop snapshot, PaymentIntent, shipment
 * notices, actions already done) and performs the actions still missing, in order: payment status in nop,
 * decline notes, ERP sales order, its note, the WMS request, shipment, delivery. Any event about the order
 * just calls this again. Each action has a key derived from the order and the action; the key is both the
 * idempotency key sent to the other system and the timeline entry that marks it done, so a duplicate,
 * reordered or concurrent run changes nothing twice.
 */
export class AdvanceOrder {
  constructor(private readonly deps: AdvanceDeps) {}

  /** `known`: the order's state as the caller has just read it, saving a read. */
  async run(orderGuid: string, known?: OrderState): Promise<void> {
    const state = known ?? (await this.deps.store.getOrderState(orderGuid));
    if (!state?.order.nopOrder) {
      // The bridge has not told us about the order yet: its order.placed will. Money already taken or held for
      // it is checked again after the grace time, and alerted on if the order is still unknown then.
      if (state?.payment && holdsMoney(state.payment.status))
        await this.deps.queue.enqueue([unknownOrderCheck(orderGuid, this.deps.options.unknownOrderAlertAfterMs)]);
      return;
    }
    const { order, payment, done, notices } = state;
    let nop = state.order.nopOrder;
    const is = (action: string) => done.has(actionKey(orderGuid, action));

    if (payment) nop = await this.applyPayment(order, nop, payment, is);
    if (nop.orderStatusId === OrderStatus.Cancelled) return;

    const rules = rulesForStore(this.deps.options.rules, nop.storeId);
    const paymentStatusId = effectivePaymentStatus(nop, is);
    let current = order;
    if (payment && !current.erpDocumentNumber && erpSyncAllowed(rules, paymentStatusId))
      current = await this.createSalesOrder(current, { ...nop, paymentStatusId }, payment);
    if (!current.erpDocumentNumber) return;
    if (!is("erp-note"))
      await this.note(current, "erp-note", `ERP sales order ${current.erpDocumentNumber} created.`, false);

    const ships = nop.shippingStatusId !== ShippingStatus.ShippingNotRequired;
    if (!rules.fulfillment || !ships) return;
    if (!current.wmsRequestId) current = await this.requestFulfillment(current, nop);
    await this.applyShipments(current, notices, is);
  }

  private async applyPayment(
    order: OrderRecord,
    nop: NopOrder,
    payment: PaymentRecord,
    is: (action: string) => boolean,
  ): Promise<NopOrder> {
    const target = nopTargetFor(payment.status, payment.declines.length > 0);
    switch (target.action) {
      case "mark-paid":
        return is("mark-paid") ? nop : this.markPaid(order, nop, payment, is);
      case "mark-authorized":
        return is("mark-authorized") || is("mark-paid") ? nop : this.markAuthorized(order, nop, payment);
      case "note-decline":
        await this.noteDeclines(order, nop, payment, is);
        return nop;
      case "void-or-cancel":
        return is("void-or-cancel") ? nop : this.voidOrCancel(order, nop, payment);
      case "none":
        return nop;
    }
  }

  private async markPaid(
    order: OrderRecord,
    nop: NopOrder,
    payment: PaymentRecord,
    is: (action: string) => boolean,
  ): Promise<NopOrder> {
    const captured = money(payment.amountReceived, payment.currency);
    const captureId = payment.latestChargeId ?? payment.paymentIntentId;
    const result = await this.nopCall("mark the order paid", () =>
      this.deps.nop.markOrderPaid(
        {
          orderId: nopOrderId(nop.id),
          captureTransactionId: captureId,
          captureTransactionResult: `Stripe ${payment.paymentIntentId}: ${formatMoney(captured)} captured`,
        },
        { requestId: actionKey(order.orderGuid, "mark-paid") },
      ),
    );
    const updated = await this.settle(order, nop, result, "mark-paid", PaymentStatus.Paid, {
      paymentIntentId: payment.paymentIntentId,
      captureTransactionId: captureId,
      amount: captured.amount,
      currency: captured.currency,
    });
    if (payment.amountReceived < payment.amount && !is("partial-capture")) {
      const released = money(payment.amount - payment.amountReceived, payment.currency);
      await this.note(
        order,
        "partial-capture",
        `Partial capture: ${formatMoney(captured)} of ${formatMoney(money(payment.amount, payment.currency))} captured; ${formatMoney(released)} released to the customer.`,
        false,
      );
    }
    return updated;
  }

  private async markAuthorized(order: OrderRecord, nop: NopOrder, payment: PaymentRecord): Promise<NopOrder> {
    const result = await this.nopCall("mark the order authorized", () =>
      this.deps.nop.markOrderAuthorized(
        { orderId: nopOrderId(nop.id), authorizationTransactionId: payment.paymentIntentId },
        { requestId: actionKey(order.orderGuid, "mark-authorized") },
      ),
    );
    return this.settle(order, nop, result, "mark-authorized", PaymentStatus.Authorized, {
      paymentIntentId: payment.paymentIntentId,
      amountCapturable: payment.amountCapturable,
    });
  }

  /** A refusal is fine when nop already is where we wanted it (someone else got there); otherwise it is kept. */
  private async settle(
    order: OrderRecord,
    nop: NopOrder,
    result: NopResult<{ order: NopOrder }>,
    action: string,
    wanted: PaymentStatusId,
    detail: Record<string, unknown>,
  ): Promise<NopOrder> {
    const { store, notifier } = this.deps;
    if (result.ok) {
      await store.saveNopOrder(result.value.order, null, null, {
        key: actionKey(order.orderGuid, action),
        orderGuid: order.orderGuid,
        kind: "action",
        name: action,
        detail,
      });
      return result.value.order;
    }
    const error = result.error;
    if (error instanceof NopRuleRefused) {
      const fresh = await this.nopCall("read the order", () => this.deps.nop.getOrder({ orderId: nopOrderId(nop.id) }));
      const now = fresh.ok ? fresh.value.order : nop;
      if (fresh.ok) await store.saveNopOrder(now, null, null);
      const reached =
        now.paymentStatusId === wanted ||
        (wanted === PaymentStatus.Authorized && now.paymentStatusId === PaymentStatus.Paid);
      await store.record({
        key: actionKey(order.orderGuid, action),
        orderGuid: order.orderGuid,
        kind: "action",
        name: action,
        detail: { ...detail, refused: error.rule, message: error.message, nopPaymentStatusId: now.paymentStatusId },
      });
      if (!reached)
        await notifier.alert({
          severity: "critical",
          code: "order_to_cash.nop_refused",
          message: `Stripe says ${action} for order ${nop.customOrderNumber}, but nopCommerce refused: ${error.message}`,
          context: { orderGuid: order.orderGuid, rule: error.rule, ...detail },
        });
      return now;
    }
    throw new PermanentError(
      `${action}: nopCommerce does not know order ${nop.id}: ${error.message}`,
      "check that the order still exists in nopCommerce",
    );
  }

  private async noteDeclines(order: OrderRecord, nop: NopOrder, payment: PaymentRecord, is: (a: string) => boolean) {
    const rules = rulesForStore(this.deps.options.rules, nop.storeId);
    for (const decline of payment.declines) {
      const action = `decline:${decline.id}`;
      if (is(action)) continue;
      const reason = decline.declineCode ?? decline.code ?? "declined";
      await this.note(
        order,
        action,
        `Payment declined (${reason}): ${decline.message} You can retry with another card.`,
        rules.notifyCustomerOnDecline,
        { ...decline },
      );
      await this.deps.notifier
        .alert({
          severity: "warning",
          code: "payment.declined",
          message: `Payment for order ${nop.customOrderNumber} declined: ${reason}`,
          context: { orderGuid: order.orderGuid, paymentIntentId: payment.paymentIntentId, ...decline },
        })
        .catch(() => {});
      // Cancelled later unless a retry succeeds; the job id makes the timer single per order.
      await this.deps.queue.enqueue([
        {
          id: `${cancelUnpaidJob}~${order.orderGuid}`,
          name: cancelUnpaidJob,
          data: { orderGuid: order.orderGuid },
          delayMs: rules.cancelUnpaidAfterMs,
        },
      ]);
    }
  }

  private async voidOrCancel(order: OrderRecord, nop: NopOrder, payment: PaymentRecord): Promise<NopOrder> {
    const orderId = nopOrderId(nop.id);
    const requestId = actionKey(order.orderGuid, "void-or-cancel");
    const result =
      nop.paymentStatusId === PaymentStatus.Authorized
        ? await this.nopCall("void the order", () => this.deps.nop.voidOrder({ orderId }, { requestId }))
        : await this.nopCall("cancel the order", () =>
            this.deps.nop.cancelOrder({ orderId, notifyCustomer: true }, { requestId }),
          );
    const wanted = nop.paymentStatusId === PaymentStatus.Authorized ? PaymentStatus.Voided : nop.paymentStatusId;
    return this.settle(order, nop, result, "void-or-cancel", wanted, { paymentIntentId: payment.paymentIntentId });
  }

  private async createSalesOrder(order: OrderRecord, nop: NopOrder, payment: PaymentRecord): Promise<OrderRecord> {
    const { failures, erp, store } = this.deps;
    const draft = this.mapSalesOrder(nop, payment);
    const key = actionKey(order.orderGuid, "erp-sales-order");
    const created = await failures.call("erp", "create the ERP sales order", async () => {
      try {
        return await erp.createSalesOrder(draft, key);
      } catch (err) {
        // Created earlier under this order (a retry after a lost answer, or an edited order): adopt it.
        if (
          err instanceof ConnectorRejected &&
          ["duplicate_external_ref", "idempotency_key_reused"].includes(err.code)
        ) {
          const existing = await erp.findSalesOrderByExternalRef(draft.externalRef);
          if (existing) return existing;
        }
        throw err;
      }
    });
    await store.updateOrder(
      order.orderGuid,
      { erpSalesOrderId: created.id, erpDocumentNumber: created.documentNumber },
      {
        key,
        orderGuid: order.orderGuid,
        kind: "action",
        name: "erp-sales-order",
        detail: {
          documentNumber: created.documentNumber,
          id: created.id,
          total: draft.totals.total,
          currency: draft.currency,
          mapping: `${erpSalesOrderMappingV1.name}@${erpSalesOrderMappingV1.version}`,
        },
      },
    );
    return { ...order, erpSalesOrderId: created.id, erpDocumentNumber: created.documentNumber };
  }

  private mapSalesOrder(nop: NopOrder, payment: PaymentRecord) {
    const currency = nop.primaryStoreCurrencyCode;
    if (currency.toLowerCase() !== payment.currency)
      throw new PermanentError(
        `mapping erp-sales-order: field currency: value "${currency}": differs from the PaymentIntent's ${payment.currency}`,
        "charge orders in the primary store currency",
      );
    let mapped: Record<string, unknown>;
    try {
      mapped = applyMapping(
        erpSalesOrderMappingV1,
        { order: nop, payment: { paymentIntentId: payment.paymentIntentId, chargeId: payment.latestChargeId } },
        { currency },
      );
    } catch (err) {
      if (err instanceof MappingError)
        throw new PermanentError(err.message, `fix ${err.field} in nopCommerce (or the mapping), then replay`);
      throw err;
    }
    const draft = salesOrderDraftSchema.safeParse(mapped);
    if (!draft.success) {
      const issue = draft.error.issues[0]!;
      const field = issue.path.join(".");
      const value = issue.path.reduce<unknown>(
        (v, p) => (v as Record<string | number, unknown>)?.[p as string | number],
        mapped,
      );
      throw new PermanentError(
        `mapping erp-sales-order: field ${field}: value ${JSON.stringify(value)}: ${issue.message}`,
        `fix ${field} in the mapping, then replay`,
      );
    }
    return draft.data;
  }

  private async requestFulfillment(order: OrderRecord, nop: NopOrder): Promise<OrderRecord> {
    const { failures, wms, store, options } = this.deps;
    const key = actionKey(order.orderGuid, "wms-request");
    let shipTo: ReturnType<typeof applyTransform>;
    try {
      shipTo = applyTransform("address", [nop.shippingAddress ?? nop.billingAddress], {
        currency: nop.primaryStoreCurrencyCode,
      });
    } catch (err) {
      throw new PermanentError(
        `mapping wms-request: field shipTo: value ${JSON.stringify(nop.shippingAddress)}: ${(err as Error).message}`,
        "fix the shipping address in nopCommerce, then replay",
      );
    }
    const request = await failures.call("wms", "request fulfillment", () =>
      wms.createFulfillmentRequest(
        {
          orderReference: order.orderGuid,
          erpDocumentNumber: order.erpDocumentNumber!,
          shipTo: shipTo as Parameters<WmsPort["createFulfillmentRequest"]>[0]["shipTo"],
          lines: nop.items.map((i) => ({
            sku: i.sku?.trim() || String(i.productId),
            quantity: i.quantity,
            name: i.productName,
          })),
          callbackUrl: `${options.publicUrl()}${options.shipmentCallbackPath}`,
        },
        key,
      ),
    );
    await store.updateOrder(
      order.orderGuid,
      { wmsRequestId: request.id },
      {
        key,
        orderGuid: order.orderGuid,
        kind: "action",
        name: "wms-request",
        detail: { id: request.id },
      },
    );
    return { ...order, wmsRequestId: request.id };
  }

  private async applyShipments(
    order: OrderRecord,
    notices: ShipmentNotice[],
    is: (action: string) => boolean,
  ): Promise<void> {
    const { store } = this.deps;
    const any = notices[0];
    if (!any) return;
    let shipmentId = order.nopShipmentId;
    if (shipmentId === null) {
      const result = await this.nopCall("add the shipment", () =>
        this.deps.nop.addShipment(
          {
            orderId: nopOrderId(order.nopOrderId!),
            trackingNumber: any.trackingNumber,
            items: null,
            notifyCustomer: true,
          },
          { requestId: actionKey(order.orderGuid, "ship") },
        ),
      );
      if (!result.ok)
        throw new PermanentError(
          `add shipment: ${result.error.message}`,
          "check the order's shipping state in nopCommerce",
        );
      shipmentId = result.value.shipment.id;
      await store.updateOrder(order.orderGuid, { nopShipmentId: shipmentId, trackingNumber: any.trackingNumber });
      await store.saveNopOrder(result.value.order, null, null, {
        key: actionKey(order.orderGuid, "ship"),
        orderGuid: order.orderGuid,
        kind: "action",
        name: "ship",
        detail: { shipmentId, trackingNumber: any.trackingNumber, carrier: any.carrier },
      });
    }
    if (notices.some((n) => n.type === "shipment.delivered") && !is("deliver")) {
      const id = shipmentId;
      const result = await this.nopCall("mark the shipment delivered", () =>
        this.deps.nop.markShipmentDelivered(
          { shipmentId: nopShipmentId(id), notifyCustomer: true },
          { requestId: actionKey(order.orderGuid, "deliver") },
        ),
      );
      if (!result.ok && !(result.error instanceof NopRuleRefused))
        throw new PermanentError(`deliver: ${result.error.message}`, "check the shipment in nopCommerce");
      if (result.ok) await store.saveNopOrder(result.value.order, null, null);
      await store.record({
        key: actionKey(order.orderGuid, "deliver"),
        orderGuid: order.orderGuid,
        kind: "action",
        name: "deliver",
        detail: { shipmentId },
      });
    }
  }

  /** An order note, once per action key (the key is also the write-back's request id). */
  private async note(
    order: OrderRecord,
    action: string,
    text: string,
    displayToCustomer: boolean,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const key = actionKey(order.orderGuid, action);
    const result = await this.nopCall("add an order note", () =>
      this.deps.nop.addOrderNote(
        { orderId: nopOrderId(order.nopOrderId!), note: text, displayToCustomer },
        { requestId: key },
      ),
    );
    if (!result.ok) throw new PermanentError(`order note: ${result.error.message}`, "check the order in nopCommerce");
    await this.deps.store.record({
      key,
      orderGuid: order.orderGuid,
      kind: "action",
      name: action.startsWith("decline:") ? "decline-note" : action,
      detail: { note: text, displayToCustomer, ...detail },
    });
  }

  private nopCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.failures.call("nop", what, fn);
  }
}

/** nop's PaymentStatus as this flow has made it, even if the stored snapshot predates the write-back. */
function effectivePaymentStatus(nop: NopOrder, is: (action: string) => boolean): PaymentStatusId {
  if (is("mark-paid") && nop.paymentStatusId < PaymentStatus.Paid) return PaymentStatus.Paid;
  if (is("mark-authorized") && nop.paymentStatusId < PaymentStatus.Authorized) return PaymentStatus.Authorized;
  return nop.paymentStatusId;
}
