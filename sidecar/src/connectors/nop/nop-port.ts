import type {
  WriteBackOperation,
  WriteBackRequest,
  WriteBackResponse,
} from "@nop-stripe/contract/write-back-schemas.js";
import type { Result } from "../../domain/result.js";
import type { NopExpectedError } from "./nop-errors.js";

export interface NopCallOptions {
  /**
   * Idempotency key, sent as webhook-id. Derive it from the triggering event (e.g. `${inboxId}:mark-paid`) so a
   * retried job changes nopCommerce once. Unset: writes derive one from the operation and request body, reads get a
   * fresh one.
   */
  requestId?: string;
  signal?: AbortSignal;
}

export type NopResult<T> = Result<T, NopExpectedError>;

type Call<O extends WriteBackOperation> = (
  request: WriteBackRequest<O>,
  options?: NopCallOptions,
) => Promise<NopResult<WriteBackResponse<O>>>;

/**
 * What the flows ask of nopCommerce (the bridge plugin's write-back API). Rule refusals and unknown entities come
 * back as values; anything unexpected throws NopRequestError.
 */
export interface NopPort {
  /** The order with items, addresses, notes and shipments. */
  getOrder: Call<"getOrder">;
  /** CanMarkOrderAsAuthorized, then MarkAsAuthorizedAsync (PaymentIntent id as AuthorizationTransactionId). */
  markOrderAuthorized: Call<"markOrderAuthorized">;
  /** CanMarkOrderAsPaid, then MarkOrderAsPaidAsync with the Stripe id as CaptureTransactionId. */
  markOrderPaid: Call<"markOrderPaid">;
  /** RefundOffline (kind full) or PartiallyRefundOffline (kind partial); a refundId seen before is not re-applied. */
  recordRefund: Call<"recordRefund">;
  /** CanVoidOffline, then VoidOfflineAsync. */
  voidOrder: Call<"voidOrder">;
  /** CanCancelOrder, then CancelOrderAsync (payment untouched). */
  cancelOrder: Call<"cancelOrder">;
  addOrderNote: Call<"addOrderNote">;
  /** Creates a shipment (all remaining items when items is null) and ships it. */
  addShipment: Call<"addShipment">;
  markShipmentDelivered: Call<"markShipmentDelivered">;
  setStockQuantity: Call<"setStockQuantity">;
  updateProductPrice: Call<"updateProductPrice">;
  getCustomer: Call<"getCustomer">;
  listProducts: Call<"listProducts">;
  listCustomers: Call<"listCustomers">;
  getReturnRequest: Call<"getReturnRequest">;
  /** Sets the status as the admin does; moves no money (ItemsRefunded is a label). */
  setReturnRequestStatus: Call<"setReturnRequestStatus">;
  /**
   * Contract 1.2. Writes Stripe's values of a registered customer (only those that differ); 409
   * CustomerVersionIsCurrent when the customer changed since `expectedVersion`. The customer.updated it raises
   * carries `origin` (system stripe), so the flow does not send it back.
   */
  updateCustomer: Call<"updateCustomer">;
  /** The recurring payment with its history, next payment date, cycles remaining and payment type. */
  getRecurringPayment: Call<"getRecurringPayment">;
  /** Contract 1.3. Every recurring payment but deleted ones, by start date then id, a page at a time, each as getRecurringPayment. */
  listRecurringPayments: Call<"listRecurringPayments">;
  /**
   * A paid Stripe invoice: ProcessNextRecurringPaymentAsync with the payment's result (the next order and its
   * history row; with an empty history, the initial order's own cycle). One invoice id, one order. 409
   * RecurringPaymentIsActive / RecurringPaymentTypeIsAutomatic (Manual: the store bills it) / HasNextPaymentDate.
   */
  processNextRecurringPayment: Call<"processNextRecurringPayment">;
  /** A failed attempt (invoice + attempt count, once each): LastPaymentFailed, the error logged, the customer told. */
  markRecurringPaymentFailed: Call<"markRecurringPaymentFailed">;
  /** CancelRecurringPaymentAsync unless already cancelled; its recurring_payment.cancelled carries `origin`. */
  cancelRecurringPayment: Call<"cancelRecurringPayment">;
}

/** Compile-time check that the port covers every operation of the contract. */
type _Covers = { [O in WriteBackOperation]: Call<O> } extends NopPort
  ? NopPort extends { [O in WriteBackOperation]: Call<O> }
    ? true
    : never
  : never;
export const nopPortCoversContract: _Covers = true;
