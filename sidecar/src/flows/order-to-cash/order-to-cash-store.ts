import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { ChargeId, OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import type { PaymentIntentStatus } from "../../domain/payment-state.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { Decline } from "../../ports/stripe.js";

export type { Decline };

export interface OrderRecord {
  orderGuid: OrderGuid;
  nopOrderId: number | null;
  storeId: number | null;
  /** OrderTotal in minor units, once an order event described it. */
  total: Money | null;
  nopOrder: NopOrder | null;
  paymentIntentId: PaymentIntentId | null;
  erpSalesOrderId: string | null;
  erpDocumentNumber: string | null;
  wmsRequestId: string | null;
  nopShipmentId: number | null;
  trackingNumber: string | null;
}

export interface PaymentRecord {
  paymentIntentId: PaymentIntentId;
  orderGuid: OrderGuid | null;
  status: PaymentIntentStatus;
  captureMethod: string;
  amount: Money;
  amountCapturable: Money;
  amountReceived: Money;
  latestChargeId: ChargeId | null;
  declines: Decline[];
}

/** A stored PaymentIntent with its compare-and-set revision. */
export interface StoredPayment extends PaymentRecord {
  revision: number;
}

/** What Stripe said about a PaymentIntent at one moment (from an event or a re-fetch). */
export interface PaymentObservation extends Omit<PaymentRecord, "declines"> {
  newDeclines: Decline[];
}

export interface ShipmentNotice {
  id: string;
  orderGuid: OrderGuid;
  type: "shipment.shipped" | "shipment.delivered";
  carrier: string;
  trackingNumber: string;
  payload: Record<string, unknown>;
  /** When the WMS callback arrived. */
  receivedAt: Date;
}

/** Everything the plan reads about one order, in one go. */
export interface OrderState {
  order: OrderRecord;
  payment: StoredPayment | undefined;
  /** Keys of the actions done. */
  done: ReadonlySet<string>;
  /** Oldest first. */
  notices: ShipmentNotice[];
}

export type OrderPatch = Partial<
  Pick<
    OrderRecord,
    "erpSalesOrderId" | "erpDocumentNumber" | "wmsRequestId" | "nopShipmentId" | "trackingNumber" | "paymentIntentId"
  >
>;

/**
 * The flow's storage port; the SQL adapter implements it. Every write is idempotent. The writes that take an
 * optional action log `entry` store it together with the change (one statement), as the action log would alone.
 */
export interface OrderToCashStore {
  getOrder(orderGuid: OrderGuid): Promise<OrderRecord | undefined>;
  /** The order, its PaymentIntent, the actions done and the shipment notices; undefined for an unknown order. */
  getOrderState(orderGuid: OrderGuid): Promise<OrderState | undefined>;
  /**
   * Stores a nopCommerce order snapshot. `version` is the bridge payload version (null for write-back answers,
   * which are current when they arrive): an older event never replaces a newer snapshot.
   */
  saveNopOrder(order: NopOrder, version: number | null, total: Money | null, entry?: LogEntry): Promise<void>;
  updateOrder(orderGuid: OrderGuid, patch: OrderPatch, entry?: LogEntry): Promise<void>;
  /** Links a PaymentIntent to an order on both sides; creates the order row if the order is not known yet. */
  linkPayment(orderGuid: OrderGuid, paymentIntentId: PaymentIntentId, entry?: LogEntry): Promise<void>;
  getPayment(paymentIntentId: PaymentIntentId): Promise<StoredPayment | undefined>;
  /**
   * Applies the observation when the state machine allows it; declines are merged by id either way.
   * `current`: the stored payment as the caller just read it (null: none), saving a read; a stale one only
   * costs a retry.
   */
  observePayment(observation: PaymentObservation, current?: StoredPayment | null): Promise<PaymentRecord>;
  /** False when an entry with this key exists already. */
  record(entry: LogEntry): Promise<boolean>;
  saveShipmentNotice(notice: ShipmentNotice): Promise<boolean>;
}
