import { describe, expect, it } from "vitest";
import { OrderStatus, PaymentStatus, ShippingStatus } from "../../domain/nop-statuses.js";
import { defaultOrderToCashRules, type OrderToCashRules } from "../../domain/order-to-cash-rules.js";
import { planOrder } from "./plan-order.js";
import { guid, paid, samplePayment, sampleState, usd } from "./test-support/fixtures.js";

const rules = defaultOrderToCashRules;
const names = (state: Parameters<typeof planOrder>[0], r: OrderToCashRules = rules) =>
  planOrder(state, r).map((a) => (a.name === "decline" ? `decline:${a.decline.id}` : a.name));
const decline = { id: "ch_declined", code: "card_declined", declineCode: "insufficient_funds", message: "No." };
const shipped = {
  id: "shp_1",
  orderGuid: guid,
  type: "shipment.shipped" as const,
  carrier: "UPS",
  trackingNumber: "1Z",
  payload: {},
  receivedAt: new Date(0),
};

describe("planOrder", () => {
  it("does nothing for an order nopCommerce has not described, unless money is held for it", () => {
    expect(names(sampleState({ nop: null }))).toEqual([]);
    expect(names(sampleState({ nop: null, payment: samplePayment("processing") }))).toEqual([]);
    expect(names(sampleState({ nop: null, payment: samplePayment("succeeded") }))).toEqual(["check-unknown-order"]);
    expect(names(sampleState({ nop: null, payment: samplePayment("requires_capture") }))).toEqual([
      "check-unknown-order",
    ]);
  });

  it("marks a paid order paid first; the ERP order waits for nopCommerce to be Paid", () => {
    expect(names(sampleState({ payment: samplePayment("succeeded") }))).toEqual(["mark-paid"]);
  });

  it("books a paid order in the ERP once marked paid, even before the snapshot says Paid", () => {
    const state = sampleState({ payment: samplePayment("succeeded"), done: ["mark-paid"] });
    expect(names(state)).toEqual(["erp-sales-order"]);
  });

  it("after the ERP order: its note, then the WMS request", () => {
    const state = sampleState({
      nop: paid,
      payment: samplePayment("succeeded"),
      done: ["mark-paid"],
      order: { erpSalesOrderId: "so_1", erpDocumentNumber: "SO-1" },
    });
    expect(names(state)).toEqual(["erp-note", "wms-request"]);
  });

  it("ships on the first notice, then delivers once; nothing when all is done", () => {
    const base = {
      nop: paid,
      payment: samplePayment("succeeded"),
      order: { erpSalesOrderId: "so_1", erpDocumentNumber: "SO-1", wmsRequestId: "fr_1" },
    };
    const done = ["mark-paid", "erp-note"] as const;
    expect(names(sampleState({ ...base, done: [...done] }))).toEqual([]);
    expect(names(sampleState({ ...base, done: [...done], notices: [shipped] }))).toEqual(["ship"]);
    const delivered = { ...shipped, id: "shp_2", type: "shipment.delivered" as const };
    // A delivery reported first creates the shipment, then delivers it.
    expect(names(sampleState({ ...base, done: [...done], notices: [delivered] }))).toEqual(["ship", "deliver"]);
    const shippedOrder = { ...base.order, nopShipmentId: 5 };
    const all = [...done, "ship", "deliver"] as const;
    expect(names(sampleState({ ...base, order: shippedOrder, done: [...all], notices: [shipped, delivered] }))).toEqual(
      [],
    );
  });

  it("asks the WMS nothing for an order that ships nothing, or when fulfillment is off", () => {
    const state = (nop: object) =>
      sampleState({
        nop: { ...paid, ...nop },
        payment: samplePayment("succeeded"),
        done: ["mark-paid", "erp-note"],
        order: { erpSalesOrderId: "so_1", erpDocumentNumber: "SO-1" },
      });
    expect(names(state({ shippingStatusId: ShippingStatus.ShippingNotRequired }))).toEqual([]);
    const noFulfillment = { ...rules, defaults: { ...rules.defaults, fulfillment: false } };
    expect(names(state({}), noFulfillment)).toEqual([]);
  });

  it("notes a partial capture after marking paid", () => {
    const partial = samplePayment("succeeded", { amountReceived: usd(5000) });
    expect(names(sampleState({ payment: partial }))).toEqual(["mark-paid", "partial-capture"]);
    expect(names(sampleState({ payment: partial, done: ["mark-paid", "partial-capture"] }))).toEqual([
      "erp-sales-order",
    ]);
  });

  it("marks an authorization, and books it in the ERP only where the store's rules say so", () => {
    const authorized = samplePayment("requires_capture");
    expect(names(sampleState({ payment: authorized }))).toEqual(["mark-authorized"]);
    const state = sampleState({ payment: authorized, done: ["mark-authorized"] });
    expect(names(state)).toEqual([]);
    const bookAuthorized = {
      ...rules,
      defaults: { ...rules.defaults, erpSyncPaymentStatuses: ["Authorized" as const, "Paid" as const] },
    };
    expect(names(state, bookAuthorized)).toEqual(["erp-sales-order"]);
    // Never back to Authorized once marked paid (a late capturable event): on to the ERP order.
    expect(names(sampleState({ payment: authorized, done: ["mark-paid"] }))).toEqual(["erp-sales-order"]);
  });

  it("notes each decline once", () => {
    const second = { ...decline, id: "ch_declined_2" };
    const declined = samplePayment("requires_payment_method", { declines: [decline, second] });
    expect(names(sampleState({ payment: declined }))).toEqual(["decline:ch_declined", "decline:ch_declined_2"]);
    expect(names(sampleState({ payment: declined, done: [["decline", "ch_declined"]] }))).toEqual([
      "decline:ch_declined_2",
    ]);
  });

  it("voids or cancels a cancelled PaymentIntent's order once, and nothing follows a cancelled order", () => {
    expect(names(sampleState({ payment: samplePayment("canceled") }))).toEqual(["void-or-cancel"]);
    const cancelled = { orderStatusId: OrderStatus.Cancelled, paymentStatusId: PaymentStatus.Voided };
    expect(
      names(sampleState({ nop: cancelled, payment: samplePayment("canceled"), done: ["void-or-cancel"] })),
    ).toEqual([]);
    // Stripe took the money for a cancelled order: nop is asked (and refuses), nothing is booked.
    expect(
      names(sampleState({ nop: { orderStatusId: OrderStatus.Cancelled }, payment: samplePayment("succeeded") })),
    ).toEqual(["mark-paid"]);
  });

  it("after the admin's Capture: nopCommerce marks the order Paid itself; the flow books and ships it once", () => {
    const captured = samplePayment("succeeded");
    const authorized = { paymentStatusId: PaymentStatus.Authorized, orderStatusId: OrderStatus.Processing };
    // Stripe's webhook before nop's own Paid: no second mark-paid, and the ERP order does not wait for nop.
    expect(names(sampleState({ nop: authorized, payment: captured, done: ["mark-authorized", "capture"] }))).toEqual([
      "erp-sales-order",
    ]);
    const booked = { erpSalesOrderId: "so_1", erpDocumentNumber: "SO-1" };
    expect(names(sampleState({ nop: paid, payment: captured, done: ["capture"], order: booked }))).toEqual([
      "erp-note",
      "wms-request",
    ]);
    // Captured, but the stored PaymentIntent is older than the capture: nothing is authorized again, the order is paid.
    const stale = samplePayment("requires_capture");
    expect(names(sampleState({ nop: authorized, payment: stale, done: ["capture"] }))).toEqual(["erp-sales-order"]);
  });

  it("after the admin's Void: nopCommerce sets Voided itself; nothing is voided, cancelled, booked or shipped", () => {
    const voided = samplePayment("canceled", { amountCapturable: usd(0) });
    const authorized = { paymentStatusId: PaymentStatus.Authorized, orderStatusId: OrderStatus.Processing };
    const afterVoid = ["mark-authorized", "void"] as const;
    const bookAuthorized = {
      ...rules,
      defaults: { ...rules.defaults, erpSyncPaymentStatuses: ["Authorized" as const, "Paid" as const] },
    };
    // Before nop's own Voided arrives, and after it (the order stays Processing, as nopCommerce leaves it).
    expect(names(sampleState({ nop: authorized, payment: voided, done: [...afterVoid] }), bookAuthorized)).toEqual([]);
    const nopVoided = { paymentStatusId: PaymentStatus.Voided, orderStatusId: OrderStatus.Processing };
    expect(names(sampleState({ nop: nopVoided, payment: voided, done: [...afterVoid] }), bookAuthorized)).toEqual([]);
    // A void seen only in Stripe (the dashboard) is still applied to nopCommerce by the flow.
    expect(names(sampleState({ nop: authorized, payment: voided, done: ["mark-authorized"] }))).toEqual([
      "void-or-cancel",
    ]);
  });

  it("waits while the payment is pending (3-D Secure, processing)", () => {
    for (const status of ["requires_action", "processing", "requires_confirmation"] as const)
      expect(names(sampleState({ payment: samplePayment(status) }))).toEqual([]);
  });
});
