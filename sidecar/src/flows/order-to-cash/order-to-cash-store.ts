import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { PaymentIntentStatus } from "../../domain/payment-state.js";

/** One failed payment attempt, identified by its charge (or, without a charge, by the event that told us). */
export interface Decline {
  id: string;
  code: string | null;
  declineCode: string | null;
  message: string;
}

export interface OrderRecord {
  orderGuid: string;
  nopOrderId: number | null;
  storeId: number | null;
  currency: string | null;
  totalMinor: number | null;
  nopOrder: NopOrder | null;
  paymentIntentId: string | null;
  erpSalesOrderId: string | null;
  erpDocumentNumber: string | null;
  wmsRequestId: string | null;
  nopShipmentId: number | null;
  trackingNumber: string | null;
}

export interface PaymentRecord {
  paymentIntentId: string;
  orderGuid: string | null;
  status: PaymentIntentStatus;
  captureMethod: string;
  currency: string;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  latestChargeId: string | null;
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

export interface TimelineEntry {
  key: string;
  orderGuid: string;
  kind: "event" | "action" | "decision";
  name: string;
  detail: Record<string, unknown>;
}

export interface ShipmentNotice {
  id: string;
  orderGuid: string;
  type: "shipment.shipped" | "shipment.delivered";
  carrier: string;
  trackingNumber: string;
  payload: Record<string, unknown>;
}

/** Everything AdvanceOrder reads about one order, in one go. */
export interface OrderState {
  order: OrderRecord;
  payment: StoredPayment | undefined;
  /** Keys of the actions done. */
  done: Set<string>;
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
 * optional timeline `entry` store it together with the change (one statement), as `record` would alone.
 */
export interface OrderToCashStore {
  getOrder(orderGuid: string): Promise<OrderRecord | undefined>;
  /** The order, its PaymentIntent, the actions done and the shipment notices; undefined for an unknown order. */
  getOrderState(orderGuid: string): Promise<OrderState | undefined>;
  /**
   * Stores a nopCommerce order snapshot. `version` is the bridge payload version (null for write-back answers,
   * which are current when they arrive): an older event never replaces a newer snapshot.
   */
  saveNopOrder(
    order: NopOrder,
    version: number | null,
    totalMinor: number | null,
    entry?: TimelineEntry,
  ): Promise<void>;
  updateOrder(orderGuid: string, patch: OrderPatch, entry?: TimelineEntry): Promise<void>;
  /** Links a PaymentIntent to an order on both sides; creates the order row if the order is not known yet. */
  linkPayment(orderGuid: string, paymentIntentId: string, entry?: TimelineEntry): Promise<void>;
  getPayment(paymentIntentId: string): Promise<StoredPayment | undefined>;
  /**
   * Applies the observation when the state machine allows it; declines are merged by id either way.
   * `current`: the stored payment as the caller just read it (null: none), saving a read; a stale one only
   * costs a retry.
   */
  observePayment(observation: PaymentObservation, current?: StoredPayment | null): Promise<PaymentRecord>;
  /** False when an entry with this key exists already. */
  record(entry: TimelineEntry): Promise<boolean>;
  saveShipmentNotice(notice: ShipmentNotice): Promise<boolean>;
}
