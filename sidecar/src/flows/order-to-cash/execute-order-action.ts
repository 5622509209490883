import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { nopOrderId, nopShipmentId } from "@nop-stripe/contract/nop-ids.js";
import type { ErpPort } from "../../connectors/erp/erp-port.js";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort, NopResult } from "../../connectors/nop/nop-port.js";
import type { WmsPort } from "../../connectors/wms/wms-port.js";
import { applyTransform } from "../../domain/mapping/transforms.js";
import { formatMoney, subtract } from "../../domain/money.js";
import { PaymentStatus, type PaymentStatusId } from "../../domain/nop-statuses.js";
import { rulesForStore } from "../../domain/order-to-cash-rules.js";
import type { ActionKey } from "../../flow-kit/action-key.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { ActiveMappings } from "../../mapping-versions/mapping-versions.js";
import { ConnectorRejected } from "../../ports/connector-errors.js";
import type { Notifier } from "../../ports/notifier.js";
import { mappingLabel, mapSalesOrder } from "./erp-sales-order-draft.js";
import { cancelUnpaidJob, unknownOrderJob } from "./jobs.js";
import { type OrderAction, type OrderActionName, orderKey } from "./order-actions.js";
import type { ResolvedOrderToCashOptions } from "./order-to-cash-options.js";
import type {
  OrderRecord,
  OrderState,
  OrderToCashStore,
  PaymentRecord,
  ShipmentNotice,
} from "./order-to-cash-store.js";
import { effectivePaymentStatus } from "./plan-order.js";

/** The nopCommerce write-backs an order's actions make. */
export type OrderWriteBacks = Pick<
  NopPort,
  | "getOrder"
  | "markOrderPaid"
  | "markOrderAuthorized"
  | "voidOrder"
  | "cancelOrder"
  | "addOrderNote"
  | "addShipment"
  | "markShipmentDelivered"
>;

export interface ExecutorPorts {
  store: OrderToCashStore;
  nop: OrderWriteBacks;
  erp: Pick<ErpPort, "createSalesOrder" | "findSalesOrderByExternalRef">;
  wms: Pick<WmsPort, "createFulfillmentRequest">;
  notifier: Notifier;
  enqueue: (jobs: JobSpec[]) => Promise<void>;
  failures: ConnectorFailures;
  options: ResolvedOrderToCashOptions;
  /** The ERP sales order mapping in force (the stored versions), read per job. */
  mappings: ActiveMappings;
}

/** The mapping the ERP sales order is made by. */
export const erpSalesOrderMapping = "erp-sales-order";

/**
 * Performs the plan's actions, one at a time, each under its key (the idempotency key or write-back request id
 * sent to the other system, and the action log row written with the change it made), and returns the order's
 * state after it.
 */
export class OrderActionExecutor {
  constructor(private readonly ports: ExecutorPorts) {}

  readonly execute = async (action: OrderAction, state: OrderState): Promise<OrderState> => {
    const { order, payment } = state;
    const nop = order.nopOrder!;
    switch (action.name) {
      case "check-unknown-order":
        await this.ports.enqueue([
          unknownOrderJob.with(
            { orderGuid: order.orderGuid },
            { idParts: [order.orderGuid], delayMs: this.ports.options.unknownOrderAlertAfterMs },
          ),
        ]);
        return state;
      case "mark-paid":
        return this.markPaid(state, nop, payment!);
      case "partial-capture":
        return this.partialCapture(state, payment!);
      case "mark-authorized":
        return this.markAuthorized(state, nop, payment!);
      case "decline":
        return this.noteDecline(state, nop, payment!, action.decline);
      case "void-or-cancel":
        return this.voidOrCancel(state, nop, payment!);
      case "erp-sales-order":
        return this.createSalesOrder(state, { ...nop, paymentStatusId: effectivePaymentStatus(nop, state) }, payment!);
      case "erp-note":
        return this.note(state, "erp-note", `ERP sales order ${order.erpDocumentNumber} created.`, false);
      case "wms-request":
        return this.requestFulfillment(state, nop);
      case "ship":
        return this.ship(state, action.notice);
      case "deliver":
        return this.deliver(state);
    }
  };

  private key(state: OrderState, name: OrderActionName, ...details: string[]): ActionKey {
    return orderKey(state.order.orderGuid, name, ...details);
  }

  private entry(state: OrderState, key: ActionKey, name: string, detail: Record<string, unknown>): LogEntry {
    return { key, aggregate: state.order.orderGuid, kind: "action", name, detail };
  }

  private async markPaid(state: OrderState, nop: NopOrder, payment: PaymentRecord): Promise<OrderState> {
    const captured = payment.amountReceived;
    const captureId = payment.latestChargeId ?? payment.paymentIntentId;
    const key = this.key(state, "mark-paid");
    const result = await this.nopCall("mark the order paid", () =>
      this.ports.nop.markOrderPaid(
        {
          orderId: nopOrderId(nop.id),
          captureTransactionId: captureId,
          captureTransactionResult: `Stripe ${payment.paymentIntentId}: ${formatMoney(captured)} captured`,
        },
        { requestId: key },
      ),
    );
    return this.settle(state, nop, result, "mark-paid", PaymentStatus.Paid, {
      paymentIntentId: payment.paymentIntentId,
      captureTransactionId: captureId,
      amount: captured.amount,
      currency: captured.currency,
    });
  }

  private partialCapture(state: OrderState, payment: PaymentRecord): Promise<OrderState> {
    const { amount, amountReceived: captured } = payment;
    const released = subtract(amount, captured);
    return this.note(
      state,
      "partial-capture",
      `Partial capture: ${formatMoney(captured)} of ${formatMoney(amount)} captured; ${formatMoney(released)} released to the customer.`,
      false,
    );
  }

  private async markAuthorized(state: OrderState, nop: NopOrder, payment: PaymentRecord): Promise<OrderState> {
    const result = await this.nopCall("mark the order authorized", () =>
      this.ports.nop.markOrderAuthorized(
        { orderId: nopOrderId(nop.id), authorizationTransactionId: payment.paymentIntentId },
        { requestId: this.key(state, "mark-authorized") },
      ),
    );
    return this.settle(state, nop, result, "mark-authorized", PaymentStatus.Authorized, {
      paymentIntentId: payment.paymentIntentId,
      amountCapturable: payment.amountCapturable.amount,
    });
  }

  /** A refusal is fine when nop already is where we wanted it (someone else got there); otherwise it is kept. */
  private async settle(
    state: OrderState,
    nop: NopOrder,
    result: NopResult<{ order: NopOrder }>,
    action: "mark-paid" | "mark-authorized" | "void-or-cancel",
    wanted: PaymentStatusId,
    detail: Record<string, unknown>,
  ): Promise<OrderState> {
    const { store, notifier } = this.ports;
    const key = this.key(state, action);
    if (result.ok) {
      await store.saveNopOrder(result.value.order, null, null, this.entry(state, key, action, detail));
      return withNop(done(state, key), result.value.order);
    }
    const error = result.error;
    if (!(error instanceof NopRuleRefused))
      throw nopProblem(
        `${action}: nopCommerce does not know order ${nop.id}`,
        error,
        nop.id,
        checkExists,
        "nop_order_missing",
      );
    const fresh = await this.nopCall("read the order", () => this.ports.nop.getOrder({ orderId: nopOrderId(nop.id) }));
    const now = fresh.ok ? fresh.value.order : nop;
    if (fresh.ok) await store.saveNopOrder(now, null, null);
    const reached =
      now.paymentStatusId === wanted ||
      (wanted === PaymentStatus.Authorized && now.paymentStatusId === PaymentStatus.Paid);
    await store.record(
      this.entry(state, key, action, {
        ...detail,
        refused: error.rule,
        message: error.message,
        nopPaymentStatusId: now.paymentStatusId,
      }),
    );
    if (!reached)
      await notifier.alert({
        severity: "critical",
        code: "order_to_cash.nop_refused",
        message: `Stripe says ${action} for order ${nop.customOrderNumber}, but nopCommerce refused: ${error.message}`,
        context: { orderGuid: state.order.orderGuid, rule: error.rule, ...detail },
      });
    return withNop(done(state, key), now);
  }

  private async noteDecline(
    state: OrderState,
    nop: NopOrder,
    payment: PaymentRecord,
    decline: PaymentRecord["declines"][number],
  ): Promise<OrderState> {
    const rules = rulesForStore(this.ports.options.rules, nop.storeId);
    const reason = decline.declineCode ?? decline.code ?? "declined";
    const next = await this.note(
      state,
      "decline",
      `Payment declined (${reason}): ${decline.message} You can retry with another card.`,
      rules.notifyCustomerOnDecline,
      { ...decline },
      decline.id,
    );
    const { orderGuid } = state.order;
    await this.ports.notifier
      .alert({
        severity: "warning",
        code: "payment.declined",
        message: `Payment for order ${nop.customOrderNumber} declined: ${reason}`,
        context: { orderGuid, paymentIntentId: payment.paymentIntentId, ...decline },
      })
      .catch(() => {});
    // Cancelled later unless a retry succeeds; the job id makes the timer single per order.
    await this.ports.enqueue([
      cancelUnpaidJob.with({ orderGuid }, { idParts: [orderGuid], delayMs: rules.cancelUnpaidAfterMs }),
    ]);
    return next;
  }

  private async voidOrCancel(state: OrderState, nop: NopOrder, payment: PaymentRecord): Promise<OrderState> {
    const orderId = nopOrderId(nop.id);
    const requestId = this.key(state, "void-or-cancel");
    const authorized = nop.paymentStatusId === PaymentStatus.Authorized;
    const result = authorized
      ? await this.nopCall("void the order", () => this.ports.nop.voidOrder({ orderId }, { requestId }))
      : await this.nopCall("cancel the order", () =>
          this.ports.nop.cancelOrder({ orderId, notifyCustomer: true }, { requestId }),
        );
    const wanted = authorized ? PaymentStatus.Voided : nop.paymentStatusId;
    return this.settle(state, nop, result, "void-or-cancel", wanted, { paymentIntentId: payment.paymentIntentId });
  }

  private async createSalesOrder(state: OrderState, nop: NopOrder, payment: PaymentRecord): Promise<OrderState> {
    const { failures, erp, store, mappings } = this.ports;
    const spec = await mappings.active(erpSalesOrderMapping);
    const draft = mapSalesOrder(spec, nop, payment);
    const key = this.key(state, "erp-sales-order");
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
    const patch = { erpSalesOrderId: created.id, erpDocumentNumber: created.documentNumber };
    await store.updateOrder(
      state.order.orderGuid,
      patch,
      this.entry(state, key, "erp-sales-order", {
        documentNumber: created.documentNumber,
        id: created.id,
        total: draft.totals.total,
        currency: draft.currency,
        mapping: mappingLabel(spec),
      }),
    );
    return withOrder(done(state, key), patch);
  }

  private async requestFulfillment(state: OrderState, nop: NopOrder): Promise<OrderState> {
    const { failures, wms, store, options } = this.ports;
    const { order } = state;
    const key = this.key(state, "wms-request");
    let shipTo: ReturnType<typeof applyTransform>;
    try {
      shipTo = applyTransform("address", [nop.shippingAddress ?? nop.billingAddress], {
        currency: nop.primaryStoreCurrencyCode,
      });
    } catch (err) {
      throw new PermanentError(
        `mapping wms-request: field shipTo: value ${JSON.stringify(nop.shippingAddress)}: ${(err as Error).message}`,
        {
          code: "mapping_failed",
          system: "nop",
          field: "shipTo",
          value: nop.shippingAddress,
          mapping: "wms-request",
          suggestion: "fix the shipping address in nopCommerce, then replay",
        },
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
      this.entry(state, key, "wms-request", { id: request.id }),
    );
    return withOrder(done(state, key), { wmsRequestId: request.id });
  }

  private async ship(state: OrderState, notice: ShipmentNotice): Promise<OrderState> {
    const { store } = this.ports;
    const { order } = state;
    const key = this.key(state, "ship");
    const shipment = { orderId: nopOrderId(order.nopOrderId!), trackingNumber: notice.trackingNumber };
    const result = await this.nopCall("add the shipment", () =>
      this.ports.nop.addShipment({ ...shipment, items: null, notifyCustomer: true }, { requestId: key }),
    );
    if (!result.ok) throw nopProblem("add shipment", result.error, order.nopOrderId, checkShipping);
    const shipmentId = result.value.shipment.id;
    const patch = { nopShipmentId: shipmentId, trackingNumber: notice.trackingNumber };
    await store.updateOrder(order.orderGuid, patch);
    await store.saveNopOrder(
      result.value.order,
      null,
      null,
      this.entry(state, key, "ship", { shipmentId, trackingNumber: notice.trackingNumber, carrier: notice.carrier }),
    );
    return withNop(withOrder(done(state, key), patch), result.value.order);
  }

  private async deliver(state: OrderState): Promise<OrderState> {
    const { store } = this.ports;
    const shipmentId = state.order.nopShipmentId!;
    const key = this.key(state, "deliver");
    const result = await this.nopCall("mark the shipment delivered", () =>
      this.ports.nop.markShipmentDelivered(
        { shipmentId: nopShipmentId(shipmentId), notifyCustomer: true },
        { requestId: key },
      ),
    );
    if (!result.ok && !(result.error instanceof NopRuleRefused))
      throw nopProblem(
        "deliver",
        result.error,
        shipmentId,
        "check the shipment in nopCommerce",
        "nop_shipment_missing",
      );
    if (result.ok) await store.saveNopOrder(result.value.order, null, null);
    await store.record(this.entry(state, key, "deliver", { shipmentId }));
    const next = done(state, key);
    return result.ok ? withNop(next, result.value.order) : next;
  }

  /** An order note, once per action key (the key is also the write-back's request id). */
  private async note(
    state: OrderState,
    action: "erp-note" | "partial-capture" | "decline",
    text: string,
    displayToCustomer: boolean,
    detail: Record<string, unknown> = {},
    ...keyDetails: string[]
  ): Promise<OrderState> {
    const key = this.key(state, action, ...keyDetails);
    const result = await this.nopCall("add an order note", () =>
      this.ports.nop.addOrderNote(
        { orderId: nopOrderId(state.order.nopOrderId!), note: text, displayToCustomer },
        { requestId: key },
      ),
    );
    if (!result.ok) throw nopProblem("order note", result.error, state.order.nopOrderId, checkOrder);
    const name = action === "decline" ? "decline-note" : action;
    await this.ports.store.record(this.entry(state, key, name, { note: text, displayToCustomer, ...detail }));
    return done(state, key);
  }

  private nopCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.ports.failures.call("nop", what, fn);
  }
}

/** nopCommerce answered a write-back with an expected failure this action cannot get past. */
const nopProblem = (what: string, error: Error, value: unknown, suggestion: string, code = "nop_refused") =>
  new PermanentError(`${what}: ${error.message}`, { code, system: "nop", value, suggestion });
const checkShipping = "check the order's shipping state in nopCommerce";
const checkOrder = "check the order in nopCommerce";
const checkExists = "check that the order still exists in nopCommerce";

const done = (state: OrderState, key: ActionKey): OrderState => ({ ...state, done: new Set([...state.done, key]) });
const withNop = (state: OrderState, nopOrder: NopOrder): OrderState => ({
  ...state,
  order: { ...state.order, nopOrder },
});
const withOrder = (state: OrderState, patch: Partial<OrderRecord>): OrderState => ({
  ...state,
  order: { ...state.order, ...patch },
});
