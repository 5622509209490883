import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type { ErpJournalEntry, JournalEntryDraft } from "../../../connectors/erp/erp-types.js";
import { NopRuleRefused } from "../../../connectors/nop/nop-errors.js";
import type { WmsFulfillmentRequest } from "../../../connectors/wms/wms-types.js";
import type { OrderGuid } from "../../../domain/ids.js";
import { OrderStatus, PaymentStatus } from "../../../domain/nop-statuses.js";
import { err, ok } from "../../../domain/result.js";
import { ConnectorUnavailable } from "../../../ports/connector-errors.js";
import type { Alert } from "../../../ports/notifier.js";
import type { OrderOfPayment, OrderPayment, OrderPayments } from "../../order-to-cash/index.js";
import type { DisputeExecutorPorts } from "../execute-dispute-action.js";
import { paidOrder } from "./fixtures.js";

type Nop = DisputeExecutorPorts["nop"];
type Erp = DisputeExecutorPorts["erp"];
type Wms = DisputeExecutorPorts["wms"];

/** nopCommerce for one paid order: notes, offline refunds by refund id, a cancel refused once cancelled. */
export class FakeNop implements Nop {
  readonly notes: string[] = [];
  readonly refunds: string[] = [];
  cancels = 0;
  order = {
    id: 7,
    customOrderNumber: "7",
    orderTotal: "100.00",
    refundedAmount: "0.00",
    primaryStoreCurrencyCode: "USD",
    orderStatusId: OrderStatus.Processing,
    paymentStatusId: PaymentStatus.Paid,
    customer: { email: "ada@example.com", firstName: "Ada", lastName: "L" },
    billingAddress: { firstName: "Ada", city: "London", countryCode: "GB" },
    shippingAddress: null,
    items: [{ quantity: 1, productName: "Mug", sku: null, attributeDescription: null }],
    notes: [],
    createdOnUtc: "2030-01-01T00:00:00Z",
  } as unknown as NopOrderDetail;

  getOrder: Nop["getOrder"] = async () => ok({ order: structuredClone(this.order) });
  addOrderNote: Nop["addOrderNote"] = async (request) => {
    this.notes.push(request.note);
    return ok({ order: this.order });
  };
  recordRefund: Nop["recordRefund"] = async (request) => {
    const alreadyApplied = this.refunds.includes(request.refundId);
    if (!alreadyApplied) this.refunds.push(request.refundId);
    this.order = { ...this.order, paymentStatusId: PaymentStatus.Refunded, refundedAmount: request.amount };
    return ok({ order: this.order, alreadyApplied });
  };
  cancelOrder: Nop["cancelOrder"] = async () => {
    if (this.order.orderStatusId === OrderStatus.Cancelled)
      return err(new NopRuleRefused("CanCancelOrder", "the order is cancelled"));
    this.cancels++;
    this.order = { ...this.order, orderStatusId: OrderStatus.Cancelled };
    return ok({ order: this.order });
  };
}

/** The GL: one entry per idempotency key; `failNext` makes the next post fail as an unreachable ERP would. */
export class FakeErp implements Erp {
  readonly posted = new Map<string, ErpJournalEntry>();
  failNext = 0;

  postJournalEntry = async (draft: JournalEntryDraft, key: string) => {
    if (this.failNext > 0) {
      this.failNext--;
      throw new ConnectorUnavailable("erp", 1, "503 injected");
    }
    const entry = this.posted.get(key) ?? {
      ...draft,
      id: key,
      entryNumber: `JE-${this.posted.size + 1}`,
      status: "posted",
      createdAt: "2030-01-01T00:00:00Z",
    };
    this.posted.set(key, entry);
    return entry;
  };
  findJournalEntries = async (reference: string) => [...this.posted.values()].filter((e) => e.reference === reference);
}

/** The WMS's answer to a hold: held, or the request has shipped already. */
export class FakeWms implements Wms {
  readonly calls: string[] = [];
  shipped = false;

  private answer(status: WmsFulfillmentRequest["status"]) {
    return ok({ id: "FR-000007", status } as WmsFulfillmentRequest);
  }
  holdFulfillmentRequest = async () => {
    this.calls.push("hold");
    return this.shipped ? err({ kind: "already_shipped" as const, message: "shipped" }) : this.answer("on_hold");
  };
  releaseFulfillmentRequest = async () => {
    this.calls.push("release");
    return this.answer("accepted");
  };
  cancelFulfillmentRequest = async () => {
    this.calls.push("cancel");
    return this.answer("cancelled");
  };
}

export class FakeNotifier {
  readonly alerts: Alert[] = [];
  alert = async (alert: Alert) => {
    this.alerts.push(alert);
  };
}

/** Order-to-cash's read port as disputes use it: every PaymentIntent paid for `paidOrder()`. */
export class FakeOrderPayments implements OrderPayments {
  constructor(private readonly order: OrderOfPayment = paidOrder()) {}
  async byOrder(): Promise<OrderPayment | undefined> {
    throw new Error("disputes read an order by its payment, not by its GUID");
  }
  async orderOfPaymentIntent(): Promise<OrderGuid | undefined> {
    return this.order.orderGuid;
  }
  async orderOfPayment(): Promise<OrderOfPayment | undefined> {
    return this.order;
  }
}
