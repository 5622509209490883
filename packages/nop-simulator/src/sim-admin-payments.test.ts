import { randomBytes } from "node:crypto";
import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import { verifyWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { listen, type RunningServer } from "@nop-stripe/simulator-support/http-server.js";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { startNopSimulator } from "./nop-simulator.js";
import type { NopSimulator } from "./nop-simulator-api.js";
import { type ButtonOrder, canCapture, canVoid } from "./sim-admin-payments.js";

const authorized: ButtonOrder = {
  id: nopOrderId(7),
  orderStatusId: OrderStatus.Processing,
  paymentStatusId: PaymentStatus.Authorized,
  orderTotal: decimalString("10.00"),
  paymentMethodSystemName: "Payments.StripeSidecar",
};
const order = (changes: Partial<ButtonOrder> = {}): ButtonOrder => ({ ...authorized, ...changes });

describe("CanCaptureAsync / CanVoidAsync, as nopCommerce 4.90 checks them", () => {
  it("captures and voids only an Authorized order paid with a method that supports it", () => {
    expect(canCapture(order())).toBeUndefined();
    expect(canVoid(order())).toBeUndefined();
    expect(canCapture(order({ orderStatusId: OrderStatus.Pending }))).toBe("order 7 is Pending");
    expect(canCapture(order({ orderStatusId: OrderStatus.Cancelled }))).toBe("order 7 is Cancelled");
    expect(canCapture(order({ paymentStatusId: PaymentStatus.Paid }))).toBe("order 7 is not Authorized");
    expect(canVoid(order({ paymentStatusId: PaymentStatus.Paid }))).toBe("order 7 is not Authorized");
    expect(canVoid(order({ orderTotal: decimalString("0.00") }))).toBe("order 7 total is zero");
    // nopCommerce's CanVoid does not look at the order status (its check is commented out).
    expect(canVoid(order({ orderStatusId: OrderStatus.Cancelled }))).toBeUndefined();
    const offline = order({ paymentMethodSystemName: "Payments.CheckMoneyOrder" });
    expect(canCapture(offline)).toBe("payment method Payments.CheckMoneyOrder does not support capture");
    expect(canVoid(offline)).toBe("payment method Payments.CheckMoneyOrder does not support void");
  });
});

describe("the admin's Capture and Void buttons", () => {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  let nop: NopSimulator | undefined;
  let sidecar: RunningServer | undefined;
  afterEach(async () => {
    await nop?.close();
    await sidecar?.close();
  });

  /** A sidecar that checks the plugin's signature and answers each payment call from `answers`. */
  async function start(answers: Record<string, { status: number; body: unknown }>) {
    const calls: { operation: string; requestId: string; body: unknown }[] = [];
    const app = express();
    app.post("/bridge/events", (_req, res) => void res.json({ status: "accepted" }));
    app.post("/bridge/payments/:operation", express.raw({ type: () => true }), (req, res) => {
      const checked = verifyWebhook([secret], req.headers, req.body as Buffer);
      if (!checked.ok) return void res.status(401).json({ error: { reason: checked.reason, message: "" } });
      const operation = String(req.params.operation);
      calls.push({ operation, requestId: checked.id, body: JSON.parse(checked.body) });
      const answer = answers[operation]!;
      res.status(answer.status).json(answer.body);
    });
    sidecar = await listen(app);
    nop = await startNopSimulator({ sidecarUrl: sidecar.url, eventSecret: secret, writeBackSecret: "wb" });
    const placed = nop.placeOrder({ paymentStatus: "Authorized" });
    return { calls, placed, nop };
  }

  const events = (sim: NopSimulator, type: string) => sim.outbox.emitted().filter((e) => e.type === type);

  it("Capture: the plugin's signed call, then Paid, CaptureTransactionId, the note and order.paid once", async () => {
    const answers = { capture: { status: 200, body: { captureTransactionId: "ch_1", status: "succeeded" } } };
    const { calls, placed, nop } = await start(answers);
    const pressed = await nop.adminCapture(placed.id);
    expect(pressed.ok && pressed.value.errors).toEqual([]);
    expect(calls).toEqual([
      { operation: "capture", requestId: `capture:${placed.orderGuid}`, body: { orderGuid: placed.orderGuid } },
    ]);
    const after = nop.getOrder(placed.id)!;
    expect(after).toMatchObject({ paymentStatusId: PaymentStatus.Paid, captureTransactionId: "ch_1" });
    expect(after.paidDateUtc).not.toBeNull();
    expect(after.notes.map((n) => n.note)).toContain("Order has been captured");
    expect(events(nop, "order.paid")).toHaveLength(1);
    // Paid now: CanCapture refuses before the plugin is called.
    const again = await nop.adminCapture(placed.id);
    expect(again.ok ? null : again.failure).toMatchObject({ status: 409, rule: "CanCapture" });
    expect(calls).toHaveLength(1);
  });

  it("Void: Voided, the note and order.voided; the order stays Processing", async () => {
    const { calls, placed, nop } = await start({ void: { status: 200, body: {} } });
    const pressed = await nop.adminVoid(placed.id);
    expect(pressed.ok && pressed.value.errors).toEqual([]);
    expect(calls[0]?.requestId).toBe(`void:${placed.orderGuid}`);
    const after = nop.getOrder(placed.id)!;
    expect(after).toMatchObject({ paymentStatusId: PaymentStatus.Voided, orderStatusId: OrderStatus.Processing });
    expect(after.notes.map((n) => n.note)).toContain("Order has been voided");
    expect(events(nop, "order.voided")).toHaveLength(1);
  });

  it("the control routes press the buttons: POST /_control/orders/:id/capture and /void", async () => {
    const answers = { capture: { status: 200, body: { captureTransactionId: "ch_2", status: "succeeded" } } };
    const { placed, nop } = await start(answers);
    const press = (id: number | string, button: string) =>
      fetch(`${nop.url}/_control/orders/${id}/${button}`, { method: "POST" }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { order?: { paymentStatusId: number }; errors?: string[]; error?: { rule: string } },
      }));
    const captured = await press(placed.id, "capture");
    expect(captured.status).toBe(200);
    expect(captured.body.order?.paymentStatusId).toBe(PaymentStatus.Paid);
    expect(captured.body.errors).toEqual([]);
    const voided = await press(placed.id, "void");
    expect(voided).toMatchObject({ status: 409, body: { error: { rule: "CanVoid" } } });
    expect((await press(999, "void")).status).toBe(404);
    expect((await press("x", "void")).status).toBe(422);
  });

  it("a refusal leaves the order as it was, with nopCommerce's note and the plugin's error", async () => {
    const refused = { error: { reason: "refused", message: "void: order 1: captured" } };
    const { placed, nop } = await start({ void: { status: 422, body: refused } });
    const pressed = await nop.adminVoid(placed.id);
    const error = `The Stripe sidecar refused void (HTTP 422): ${JSON.stringify(refused)}`;
    expect(pressed.ok && pressed.value.errors).toEqual([error]);
    const after = nop.getOrder(placed.id)!;
    expect(after.paymentStatusId).toBe(PaymentStatus.Authorized);
    expect(after.notes.map((n) => n.note)).toContain(`Unable to voiding order. Error 0: ${error}`);
    expect(events(nop, "order.voided")).toHaveLength(0);
  });

  it("an unreachable sidecar is an error too, the order unchanged", async () => {
    const { placed, nop } = await start({});
    await sidecar!.close();
    const pressed = await nop.adminCapture(placed.id);
    expect(pressed.ok && pressed.value.errors).toHaveLength(1);
    expect(nop.getOrder(placed.id)!.paymentStatusId).toBe(PaymentStatus.Authorized);
    expect(nop.getOrder(placed.id)!.notes.some((n) => n.note.startsWith("Unable to capture order. Error 0: "))).toBe(
      true,
    );
  });
});
