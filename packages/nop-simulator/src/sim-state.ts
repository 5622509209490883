import type { BridgeEventPayload, BridgeEventType } from "@nop-stripe/contract/bridge-event-schemas.js";
import type {
  NopCustomer,
  NopOrderDetail,
  NopProduct,
  NopRecurringPayment,
  NopRecurringPaymentHistory,
  NopReturnRequest,
} from "@nop-stripe/contract/nop-entities.js";

/** An order as the simulator keeps it: the contract's shape plus the bridge's own bookkeeping. */
export interface SimOrder {
  detail: NopOrderDetail;
  /** Stripe refund ids already recorded (the plugin keeps them in a GenericAttribute, as PayPalCommerce does). */
  refundIds: Set<string>;
}

/** Without the ordering fields, which the event sink stamps. */
export type EventBody<T extends BridgeEventType> = Omit<BridgeEventPayload<T>, "updatedAt" | "version">;

export interface EventSink {
  emit<T extends BridgeEventType>(type: T, body: EventBody<T>): void;
  /** The version the next emitted event will carry (the outbox sequence), for entities that report their own. */
  nextVersion(): number;
}

export interface SimSettings {
  storeId: number;
  primaryStoreCurrencyCode: string;
  /** OrderSettings.CompleteOrderWhenDelivered (nopCommerce installs it as true). */
  completeOrderWhenDelivered: boolean;
  /** PaymentSettings.CancelRecurringPaymentsAfterFailedPayment (installed as false). */
  cancelRecurringPaymentsAfterFailedPayment?: boolean;
}

/** The simulated database: one table per entity and nopCommerce-like identity columns. */
export class SimState {
  readonly orders = new Map<number, SimOrder>();
  readonly customers = new Map<number, NopCustomer>();
  readonly products = new Map<number, NopProduct>();
  readonly returnRequests = new Map<number, NopReturnRequest>();
  readonly recurringPayments = new Map<number, NopRecurringPayment>();
  readonly recurringPaymentHistory = new Map<number, NopRecurringPaymentHistory[]>();
  /** ILogger entries nopCommerce writes (System log), e.g. a failed recurring payment's error. */
  readonly log: { level: "Error" | "Information"; message: string; createdOnUtc: string }[] = [];
  /** Workflow messages queued for customers (QueuedEmail), by template name. */
  readonly customerNotifications: { template: string; customerId: number; createdOnUtc: string }[] = [];
  private readonly identities = new Map<string, number>();

  constructor(
    readonly settings: SimSettings,
    readonly now: () => number,
    readonly events: EventSink,
  ) {}

  nextId(table: string): number {
    const next = (this.identities.get(table) ?? 0) + 1;
    this.identities.set(table, next);
    return next;
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  findShipment(shipmentId: number): { order: SimOrder; index: number } | undefined {
    for (const order of this.orders.values()) {
      const index = order.detail.shipments.findIndex((s) => s.id === shipmentId);
      if (index >= 0) return { order, index };
    }
    return undefined;
  }

  findOrderItem(orderItemId: number): { order: SimOrder; itemIndex: number } | undefined {
    for (const order of this.orders.values()) {
      const itemIndex = order.detail.items.findIndex((i) => i.id === orderItemId);
      if (itemIndex >= 0) return { order, itemIndex };
    }
    return undefined;
  }
}
