import { OrderStatus, PaymentStatus, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  erpOrdersFor,
  nopOrder,
  notesOf,
  type O2cHarness,
  placeAndPay,
  startO2c,
  waitUntilFulfilmentRequested,
  wmsRequestsFor,
} from "./o2c-harness.js";

describe.each(backends)("order-to-cash happy path on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend);
  });
  afterAll(() => t?.close());

  it("pays, books in the ERP, asks the WMS, ships and delivers, each exactly once", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_visa", { items: [{ productId: 1, quantity: 2 }] });
    expect(intent.status).toBe("succeeded");
    expect(intent.amount).toBe(240_500); // 2 x 1200.00 + 5.00 shipping, in cents
    expect(intent.metadata).toMatchObject({
      nop_order_id: String(order.id),
      nop_order_guid: order.orderGuid.toLowerCase(),
      nop_customer_id: String(order.customerId),
      nop_store_id: String(order.storeId),
      nop_product_ids: "1",
    });
    expect(intent.customer).toMatch(/^cus_/);

    const request = await waitUntilFulfilmentRequested(t, order);
    const paid = nopOrder(t, order.id);
    expect(paid.orderStatusId).toBe(OrderStatus.Processing);
    expect(paid.captureTransactionId).toBe(intent.latest_charge);
    const [erp] = erpOrdersFor(t, order.orderGuid);
    expect(erp?.totals.total).toBe(240_500);
    expect(erp?.currency).toBe("USD");
    expect(erp?.payment.paymentIntentId).toBe(intent.id);
    expect(erp?.billingAddress.country).toMatch(/^[A-Z]{2}$/);
    await waitFor(() => notesOf(t, order.id, `ERP sales order ${erp?.documentNumber}`).length === 1);
    expect(request.erpDocumentNumber).toBe(erp?.documentNumber);

    t.sandbox.wms.ship(request.id);
    const shipped = await waitFor(() => {
      const o = nopOrder(t, order.id);
      return o.shipments.length === 1 && o.shippingStatusId === ShippingStatus.Shipped ? o : undefined;
    });
    expect(shipped.shipments[0]?.trackingNumber).toBe(t.sandbox.wms.fulfillmentRequests()[0]?.shipment?.trackingNumber);
    t.sandbox.wms.deliver(request.id);
    await waitFor(() => nopOrder(t, order.id).shippingStatusId === ShippingStatus.Delivered);

    // Exactly once everywhere.
    const final = nopOrder(t, order.id);
    expect(final.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(final.notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    expect(wmsRequestsFor(t, order.orderGuid)).toHaveLength(1);
    expect(final.shipments).toHaveLength(1);

    const timeline = await waitFor(async () => {
      const rows = await t.sidecar.db.prisma.actionLogEntry.findMany({
        where: { aggregate: order.orderGuid.toLowerCase(), kind: "action" },
      });
      return rows.length >= 7 ? rows : undefined;
    });
    expect(timeline.map((e) => e.name).sort()).toEqual(
      ["deliver", "erp-note", "erp-sales-order", "mark-paid", "payment-intent", "ship", "wms-request"].sort(),
    );
  });
});
