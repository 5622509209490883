import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { type OrderGuid, orderGuid, type PaymentIntentId } from "../../../domain/ids.js";
import type { Money } from "../../../domain/money.js";
import type { LogEntry } from "../../../flow-kit/action-log.js";
import type * as Store from "../order-to-cash-store.js";
import { mergeObservation } from "../payment-observation.js";

const emptyOrder = (guid: OrderGuid): Store.OrderRecord => ({
  orderGuid: guid,
  nopOrderId: null,
  storeId: null,
  total: null,
  nopOrder: null,
  paymentIntentId: null,
  erpSalesOrderId: null,
  erpDocumentNumber: null,
  wmsRequestId: null,
  nopShipmentId: null,
  trackingNumber: null,
});

/** The store port in memory, as the SQL adapter behaves (versions, links, merge forward), for unit tests. */
export class InMemoryOrderToCashStore implements Store.OrderToCashStore {
  readonly orders = new Map<string, Store.OrderRecord & { version: number }>();
  readonly payments = new Map<string, Store.StoredPayment>();
  readonly log: LogEntry[] = [];
  readonly notices: Store.ShipmentNotice[] = [];

  async getOrder(guid: OrderGuid): Promise<Store.OrderRecord | undefined> {
    const found = this.orders.get(guid);
    if (!found) return undefined;
    const { version: _, ...order } = found;
    return structuredClone(order);
  }

  async getOrderState(guid: OrderGuid): Promise<Store.OrderState | undefined> {
    const order = await this.getOrder(guid);
    if (!order) return undefined;
    const payment = order.paymentIntentId ? this.payments.get(order.paymentIntentId) : undefined;
    return {
      order,
      payment: payment && structuredClone(payment),
      done: new Set(this.log.filter((e) => e.aggregate === guid && e.kind === "action").map((e) => e.key)),
      notices: this.notices.filter((n) => n.orderGuid === guid),
    };
  }

  async saveNopOrder(nop: NopOrder, version: number | null, total: Money | null, entry?: LogEntry): Promise<void> {
    const guid = orderGuid(nop.orderGuid);
    const current = this.orders.get(guid) ?? { ...emptyOrder(guid), version: 0 };
    if (entry) await this.record(entry);
    if (version !== null && current.version > version) return;
    const { notes: _n, shipments: _s, ...snapshot } = nop as NopOrder & { notes?: unknown; shipments?: unknown };
    this.orders.set(guid, {
      ...current,
      nopOrderId: nop.id,
      storeId: nop.storeId,
      total: total ?? current.total,
      nopOrder: snapshot as NopOrder,
      version: version ?? current.version,
    });
  }

  async updateOrder(guid: OrderGuid, patch: Store.OrderPatch, entry?: LogEntry): Promise<void> {
    if (entry) await this.record(entry);
    const current = this.orders.get(guid);
    if (current) this.orders.set(guid, { ...current, ...patch });
  }

  async linkPayment(guid: OrderGuid, paymentIntentId: PaymentIntentId, entry?: LogEntry): Promise<void> {
    if (entry) await this.record(entry);
    const order = this.orders.get(guid) ?? { ...emptyOrder(guid), version: 0 };
    this.orders.set(guid, { ...order, paymentIntentId: order.paymentIntentId ?? paymentIntentId });
    const payment = this.payments.get(paymentIntentId);
    if (payment && payment.orderGuid === null) payment.orderGuid = guid;
  }

  async getPayment(paymentIntentId: PaymentIntentId): Promise<Store.StoredPayment | undefined> {
    const payment = this.payments.get(paymentIntentId);
    return payment && structuredClone(payment);
  }

  async observePayment(observed: Store.PaymentObservation): Promise<Store.PaymentRecord> {
    const current = this.payments.get(observed.paymentIntentId);
    const { newDeclines, ...rest } = observed;
    const next = current ? mergeObservation(current, observed).next : { ...rest, declines: newDeclines };
    this.payments.set(observed.paymentIntentId, { ...next, revision: (current?.revision ?? 0) + 1 });
    return structuredClone(next);
  }

  async record(entry: LogEntry): Promise<boolean> {
    if (this.log.some((e) => e.key === entry.key)) return false;
    this.log.push(entry);
    return true;
  }

  async saveShipmentNotice(notice: Store.ShipmentNotice): Promise<boolean> {
    if (this.notices.some((n) => n.id === notice.id)) return false;
    this.notices.push(notice);
    return true;
  }

  /** The names of the actions logged for an order, in the order they were done. */
  actions(guid: OrderGuid): string[] {
    return this.log.filter((e) => e.aggregate === guid && e.kind === "action").map((e) => e.name);
  }
}
