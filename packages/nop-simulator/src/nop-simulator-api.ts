// What a running nopCommerce simulator offers its callers (tests, the sandbox, its own control API), apart from
// how it is started, so the control router can depend on it without depending on the simulator's start-up.
import type { BridgeEnvelope } from "@nop-stripe/contract/bridge-envelope.js";
import type {
  NopCustomer,
  NopOrderDetail,
  NopProduct,
  NopRecurringPayment,
  NopRecurringPaymentHistory,
  NopReturnRequest,
} from "@nop-stripe/contract/nop-entities.js";
import type { ReturnRequestStatusId } from "@nop-stripe/contract/nop-enums.js";
import type { OpResult } from "./op-result.js";
import type { AdminButtonResult } from "./sim-admin-payments.js";
import type { CreateProductInput } from "./sim-catalog.js";
import type { CustomerInput } from "./sim-customers.js";
import type { OutboxRow, OutboxStats } from "./sim-event-outbox.js";
import type { SimFault, SimFaultState } from "./sim-faults.js";
import type { PlaceOrderInput } from "./sim-place-order.js";
import type { CreateReturnRequestInput } from "./sim-return-requests.js";

export interface NopSimulatorOutbox {
  flush(): Promise<OutboxStats>;
  idle(): Promise<void>;
  stats(): OutboxStats;
  emitted(): BridgeEnvelope[];
  rows(): OutboxRow[];
}

export interface NopSimulator {
  url: string;
  close(): Promise<void>;
  /**
   * The store goes down: the write-back API refuses connections and the outbox stops posting (its rows wait).
   * listenAgain() brings it back on the same port with its orders and outbox as they were.
   */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  placeOrder(input?: PlaceOrderInput): NopOrderDetail;
  tryPlaceOrder(input?: PlaceOrderInput): OpResult<NopOrderDetail>;
  placeOrders(count: number, input?: PlaceOrderInput): NopOrderDetail[];
  getOrder(orderId: number): NopOrderDetail | undefined;
  tryGetOrder(orderId: number): OpResult<NopOrderDetail>;
  /** `silent`: a customer who registered before the plugin was installed (no event), as a backfill finds them. */
  registerCustomer(input: CustomerInput, options?: { silent?: boolean }): NopCustomer;
  updateCustomer(customerId: number, changes: Partial<CustomerInput>): OpResult<NopCustomer>;
  createProduct(input: CreateProductInput): NopProduct;
  deleteProduct(productId: number): OpResult<NopProduct>;
  products(): NopProduct[];
  customers(): NopCustomer[];
  createReturnRequest(input: CreateReturnRequestInput): OpResult<NopReturnRequest>;
  setReturnRequestStatus(
    id: number,
    status: ReturnRequestStatusId,
    staffNotes: string | null,
  ): OpResult<NopReturnRequest>;
  /**
   * The admin's Refund button (no amount: the whole total) or Partial refund (an amount), through the payment
   * plugin's signed call to the sidecar, as nopCommerce runs them.
   */
  refundOrder(orderId: number, amount?: string): Promise<OpResult<NopOrderDetail>>;
  cancelRecurringPayment(recurringPaymentId: number): OpResult<NopRecurringPayment>;
  /** Every recurring payment as the plugin maps it (next payment date, cycles remaining, payment type). */
  recurringPayments(): NopRecurringPayment[];
  recurringPaymentHistory(recurringPaymentId: number): NopRecurringPaymentHistory[];
  /** The System log (ILogger) entries, e.g. "Error while processing recurring order. ..." */
  systemLog(): { level: string; message: string; createdOnUtc: string }[];
  /** Workflow messages queued for customers, by template system name. */
  customerNotifications(): { template: string; customerId: number; createdOnUtc: string }[];
  /** The admin's Capture / Void buttons (OrderProcessingService.CaptureAsync / VoidAsync through the plugin). */
  adminCapture(orderId: number): Promise<AdminButtonResult>;
  adminVoid(orderId: number): Promise<AdminButtonResult>;
  setFault(fault: SimFault): SimFaultState;
  fault(): SimFaultState;
  setSidecarUrl(url: string | undefined): void;
  counts(): Record<string, number>;
  outbox: NopSimulatorOutbox;
}
