import { randomUUID } from "node:crypto";
import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { pluginPaymentCall } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOrderToCashRules } from "../../sidecar/src/domain/order-to-cash-rules.js";
import { contractAjv, schemaBase } from "../contract/contract-files.js";
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

const ajv = contractAjv();
/** The answer as the contract's JSON Schema describes it (payment-calls/<name>.schema.json). */
const fitsContract = (name: string, body: unknown) => {
  const validate = ajv.getSchema(`${schemaBase}payment-calls/${name}.schema.json`)!;
  return validate(body) ? [] : validate.errors;
};

describe.each(backends)("admin Capture and Void through the plugin on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend, {
      // Every order is authorized only, for the admin to capture or void.
      rules: { ...defaultOrderToCashRules, defaults: { ...defaultOrderToCashRules.defaults, captureMethod: "manual" } },
    });
  });
  afterAll(() => t?.close());

  /** The plugin's call, signed as StripeSidecarPlugin signs it. */
  const pluginCall = (operation: "capture" | "void", requestId: string, orderGuid: string, secret?: string) =>
    pluginPaymentCall({ sidecarUrl: t.url, bridgeSecret: secret ?? t.sandbox.bridgeSecret }, operation, requestId, {
      orderGuid,
    }).then((a) => ({ status: a.status, body: JSON.parse(a.text) as Record<string, unknown> }));

  async function authorizedOrder() {
    const { order, intent } = await placeAndPay(t);
    expect(intent.status).toBe("requires_capture");
    await waitFor(() => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Authorized);
    return { order, intent };
  }

  const stripeEvents = async (type: string, paymentIntentId: string) => {
    const events = await t.systems.stripe.events.list({ type, limit: 100 });
    return events.data.filter((e) => {
      const object = e.data.object as { id: string; payment_intent?: string };
      return object.id === paymentIntentId || object.payment_intent === paymentIntentId;
    });
  };

  const orderEvents = (orderId: number, type: string) =>
    t.sandbox.nop.outbox
      .emitted()
      .filter((e) => e.type === type && (e.payload as { order?: { id: number } }).order?.id === orderId);

  it("Capture: one capture in Stripe, the order Paid once by nopCommerce, booked in the ERP and sent to the WMS once", async () => {
    const { order, intent } = await authorizedOrder();
    const pressed = await t.sandbox.nop.adminCapture(order.id);
    expect(pressed.ok && pressed.value.errors).toEqual([]);

    const captured = await t.systems.stripe.paymentIntents.retrieve(intent.id);
    expect(captured.status).toBe("succeeded");
    expect(captured.amount_received).toBe(captured.amount);
    const nop = nopOrder(t, order.id);
    expect(nop.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(nop.captureTransactionId).toBe(captured.latest_charge);

    await waitUntilFulfilmentRequested(t, order);
    await t.sandbox.nop.outbox.idle();
    await waitFor(() =>
      t.sidecar.db.prisma.actionLogEntry.findFirst({ where: { key: `o2c:${order.orderGuid}:erp-note` } }),
    );
    expect(notesOf(t, order.id, "Order has been captured")).toHaveLength(1);
    expect(notesOf(t, order.id, "Order has been marked as paid")).toHaveLength(0);
    expect(orderEvents(order.id, "order.paid")).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    expect(wmsRequestsFor(t, order.orderGuid)).toHaveLength(1);
    expect(await stripeEvents("charge.captured", intent.id)).toHaveLength(1);
  });

  it("Capture called again, with the same request id or another, answers the same and captures nothing more", async () => {
    const { order, intent } = await authorizedOrder();
    const first = await pluginCall("capture", `capture:${order.orderGuid}`, order.orderGuid);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ captureTransactionId: expect.stringMatching(/^ch_/), status: "succeeded" });
    expect(fitsContract("capture.response", first.body)).toEqual([]);
    const again = await pluginCall("capture", `capture:${order.orderGuid}`, order.orderGuid);
    const other = await pluginCall("capture", randomUUID(), order.orderGuid);
    expect(again).toEqual(first);
    expect(other).toEqual(first);
    // The order still says Authorized in nopCommerce (the plugin's answer never reached it): the button works.
    const pressed = await t.sandbox.nop.adminCapture(order.id);
    expect(pressed.ok && pressed.value.order.captureTransactionId).toBe(first.body.captureTransactionId);
    // And once Paid, nopCommerce's CanCapture refuses a second press.
    const second = await t.sandbox.nop.adminCapture(order.id);
    expect(second.ok).toBe(false);
    await waitUntilFulfilmentRequested(t, order);
    expect(await stripeEvents("charge.captured", intent.id)).toHaveLength(1);
    expect(notesOf(t, order.id, "Order has been marked as paid")).toHaveLength(0);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
  });

  it("two captures of one order at the same moment, under two request ids, make one capture", async () => {
    const { order, intent } = await authorizedOrder();
    const [a, b] = await Promise.all([
      pluginCall("capture", `capture:${order.orderGuid}`, order.orderGuid),
      pluginCall("capture", randomUUID(), order.orderGuid),
    ]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    await waitFor(async () => (await stripeEvents("charge.captured", intent.id)).length > 0);
    expect(await stripeEvents("charge.captured", intent.id)).toHaveLength(1);
    const entries = await t.sidecar.db.prisma.actionLogEntry.findMany({
      where: { key: `o2c:${order.orderGuid}:capture` },
    });
    expect(entries).toHaveLength(1);
  });

  it("Void: the PaymentIntent canceled, the order Voided by nopCommerce, nothing booked, shipped or cancelled", async () => {
    const { order, intent } = await authorizedOrder();
    const pressed = await t.sandbox.nop.adminVoid(order.id);
    expect(pressed.ok && pressed.value.errors).toEqual([]);
    const voided = await t.systems.stripe.paymentIntents.retrieve(intent.id);
    expect(voided.status).toBe("canceled");
    expect(nopOrder(t, order.id).paymentStatusId).toBe(PaymentStatus.Voided);

    // Stripe's payment_intent.canceled and nop's order.voided both reach the flow and are done with.
    await t.sandbox.nop.outbox.idle();
    await waitFor(async () => {
      const processed = await t.sidecar.db.prisma.inboxEvent.findMany({
        where: { type: { in: ["payment_intent.canceled", "order.voided"] }, processedAt: { not: null } },
      });
      const about = processed.filter(
        (e) => JSON.stringify(e.payload).includes(intent.id) || JSON.stringify(e.payload).includes(order.orderGuid),
      );
      return about.length === 2;
    });
    const nop = nopOrder(t, order.id);
    expect(nop.paymentStatusId).toBe(PaymentStatus.Voided);
    expect(nop.orderStatusId).toBe(OrderStatus.Processing); // nopCommerce's VoidAsync does not cancel the order
    expect(notesOf(t, order.id, "Order has been voided")).toHaveLength(1);
    expect(notesOf(t, order.id, "marked as voided")).toHaveLength(0);
    expect(notesOf(t, order.id, "cancelled")).toHaveLength(0);
    expect(orderEvents(order.id, "order.voided")).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(0);
    expect(wmsRequestsFor(t, order.orderGuid)).toHaveLength(0);
    // Again: the same answer, nothing more.
    const again = await pluginCall("void", `void:${order.orderGuid}`, order.orderGuid);
    expect(again).toEqual({ status: 200, body: {} });
    expect(fitsContract("void.response", again.body)).toEqual([]);
  });

  it("Void works as soon as the PaymentIntent is authorized, before its webhook reached the sidecar", async () => {
    const { order, intent } = await placeAndPay(t);
    const voided = await pluginCall("void", `void:${order.orderGuid}`, order.orderGuid);
    expect(voided).toEqual({ status: 200, body: {} });
    expect((await t.systems.stripe.paymentIntents.retrieve(intent.id)).status).toBe("canceled");
  });

  it("Void of a captured payment is refused with a clear 422, and the admin sees why", async () => {
    const { order, intent } = await authorizedOrder();
    await t.systems.stripe.paymentIntents.capture(intent.id); // captured in the Stripe dashboard
    const refused = await pluginCall("void", `void:${order.orderGuid}`, order.orderGuid);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      error: {
        reason: "refused",
        message: expect.stringMatching(/captured; only an authorized payment can be voided/),
      },
    });
    expect(fitsContract("error", refused.body)).toEqual([]);
    expect((await t.systems.stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
    await waitUntilFulfilmentRequested(t, order);
    // Paid now: nopCommerce's CanVoid refuses the button before the plugin is called.
    const pressed = await t.sandbox.nop.adminVoid(order.id);
    expect(pressed.ok).toBe(false);
    expect(pressed.ok ? null : pressed.failure.rule).toBe("CanVoid");
  });

  it("refuses, naming it, an order the sidecar does not know or one paid by another method; 401 for a bad signature", async () => {
    const unknown = randomUUID();
    const answer = await pluginCall("capture", `capture:${unknown}`, unknown);
    expect(answer.status).toBe(422);
    expect(String((answer.body.error as { message: string }).message)).toContain(`order ${unknown} is unknown`);

    const other = t.sandbox.nop.placeOrder({ paymentMethodSystemName: "Payments.CheckMoneyOrder" });
    await waitFor(() =>
      t.sidecar.db.prisma.actionLogEntry.findFirst({ where: { aggregate: other.orderGuid, name: "order.placed" } }),
    );
    const refused = await pluginCall("void", `void:${other.orderGuid}`, other.orderGuid);
    expect(refused.status).toBe(422);
    expect((refused.body.error as { message: string }).message).toContain("paid with Payments.CheckMoneyOrder");

    const { order, intent } = await authorizedOrder();
    const forged = await pluginCall(
      "void",
      `void:${order.orderGuid}`,
      order.orderGuid,
      `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
    );
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { reason: "bad_signature" } });
    expect(fitsContract("error", forged.body)).toEqual([]);
    expect((await t.systems.stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_capture");
  });
});
