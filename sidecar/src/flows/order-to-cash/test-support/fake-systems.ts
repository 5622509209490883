import type { NopOrder, NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type { ErpSalesOrder, SalesOrderDraft } from "../../../connectors/erp/erp-types.js";
import { NopRuleRefused } from "../../../connectors/nop/nop-errors.js";
import type { NopResult } from "../../../connectors/nop/nop-port.js";
import type { FulfillmentRequestDraft, WmsFulfillmentRequest } from "../../../connectors/wms/wms-types.js";
import { OrderStatus, PaymentStatus, ShippingStatus } from "../../../domain/nop-statuses.js";
import { err, ok } from "../../../domain/result.js";
import type { Alert } from "../../../ports/notifier.js";
import type { OrderWriteBacks } from "../execute-order-action.js";

type Answer = NopResult<{ order: NopOrderDetail }>;

/**
 * nopCommerce's write-back API in memory, for one order: each request id is answered once and replayed after,
 * as the plugin does; `refuse` makes a transition refused by rule, as nopCommerce's Can* checks do.
 */
export class FakeNop implements OrderWriteBacks {
  readonly calls: { operation: string; requestId: string | undefined }[] = [];
  readonly notes: string[] = [];
  readonly refuse = new Set<string>();
  private readonly answers = new Map<string, unknown>();
  order: NopOrderDetail;

  constructor(order: NopOrder) {
    this.order = { ...order, notes: [], shipments: [] } as unknown as NopOrderDetail;
  }

  private async write<T>(operation: string, requestId: string | undefined, apply: () => NopResult<T>) {
    this.calls.push({ operation, requestId });
    const key = `${operation}:${requestId}`;
    if (!this.answers.has(key)) this.answers.set(key, this.refuse.has(operation) ? this.refused(operation) : apply());
    const answer = this.answers.get(key) as NopResult<T>;
    return answer.ok ? structuredClone(answer) : answer; // an error keeps its class
  }

  private refused(operation: string) {
    return err(new NopRuleRefused(`Can${operation}`, "not in this state"));
  }

  private change(changes: Partial<NopOrder>): Answer {
    this.order = { ...this.order, ...changes };
    return ok({ order: this.order });
  }

  getOrder = async () => ok({ order: structuredClone(this.order) });
  markOrderPaid: OrderWriteBacks["markOrderPaid"] = (_r, o) =>
    this.write("markOrderPaid", o?.requestId, () =>
      this.change({ paymentStatusId: PaymentStatus.Paid, orderStatusId: OrderStatus.Processing }),
    );
  markOrderAuthorized: OrderWriteBacks["markOrderAuthorized"] = (_r, o) =>
    this.write("markOrderAuthorized", o?.requestId, () =>
      this.change({ paymentStatusId: PaymentStatus.Authorized, orderStatusId: OrderStatus.Processing }),
    );
  voidOrder: OrderWriteBacks["voidOrder"] = (_r, o) =>
    this.write("voidOrder", o?.requestId, () =>
      this.change({ paymentStatusId: PaymentStatus.Voided, orderStatusId: OrderStatus.Cancelled }),
    );
  cancelOrder: OrderWriteBacks["cancelOrder"] = (_r, o) =>
    this.write("cancelOrder", o?.requestId, () => this.change({ orderStatusId: OrderStatus.Cancelled }));
  addOrderNote: OrderWriteBacks["addOrderNote"] = (request, o) =>
    this.write("addOrderNote", o?.requestId, () => {
      this.notes.push(request.note);
      return ok({ order: this.order });
    });
  addShipment: OrderWriteBacks["addShipment"] = (request, o) =>
    this.write("addShipment", o?.requestId, () => {
      this.change({ shippingStatusId: ShippingStatus.Shipped });
      const shipment = { id: 77, trackingNumber: request.trackingNumber };
      return ok({ shipment, order: this.order } as never);
    });
  markShipmentDelivered: OrderWriteBacks["markShipmentDelivered"] = (_r, o) =>
    this.write("markShipmentDelivered", o?.requestId, () =>
      ok({ shipment: { id: 77 }, order: this.change({ shippingStatusId: ShippingStatus.Delivered }) } as never),
    );
}

/** The ERP's sales orders in memory; one document per idempotency key, as the ERP promises. */
export class FakeErp {
  readonly calls: string[] = [];
  readonly documents = new Map<string, ErpSalesOrder>();
  /** Resolves each createSalesOrder call only when released, to hold a run in the middle of an action. */
  gate: Promise<void> = Promise.resolve();

  createSalesOrder = async (draft: SalesOrderDraft, key: string): Promise<ErpSalesOrder> => {
    this.calls.push(key);
    await this.gate;
    const existing = this.documents.get(key);
    if (existing) return existing;
    const n = this.documents.size + 1;
    const created = { ...draft, id: `so_${n}`, documentNumber: `SO-${n}`, status: "open", createdAt: "2026-12-06" };
    this.documents.set(key, created);
    return created;
  };

  findSalesOrderByExternalRef = async (ref: string) =>
    [...this.documents.values()].find((d) => d.externalRef === ref) ?? null;
}

export class FakeWms {
  readonly requests: { draft: FulfillmentRequestDraft; key: string }[] = [];

  createFulfillmentRequest = async (draft: FulfillmentRequestDraft, key: string): Promise<WmsFulfillmentRequest> => {
    this.requests.push({ draft, key });
    return { ...draft, id: `fr_${this.requests.length}`, status: "accepted", createdAt: "2026-12-06" };
  };
}

export class FakeNotifier {
  readonly alerts: Alert[] = [];
  alert = async (alert: Alert) => void this.alerts.push(alert);
}
