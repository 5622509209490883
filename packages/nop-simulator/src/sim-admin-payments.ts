import type { NopOrder, NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { paymentCallSchemas } from "@nop-stripe/contract/payment-call-schemas.js";
import express, { type Router } from "express";
import { z } from "zod";
import { notFound, type OpResult, ok, refused } from "./op-result.js";
import { type PaymentCallAnswer, pluginPaymentCall } from "./plugin-checkout.js";
import { toFixed } from "./sim-decimal.js";
import { orderView, type SimOrders } from "./sim-orders.js";
import type { SimOrder, SimState } from "./sim-state.js";

/** The bridge plugin's payment method: the only one in this store whose Support{Capture,Void} is true. */
export const pluginSystemName = "Payments.StripeSidecar";

/** What an admin button answers: the order after it, and the payment method's errors (nopCommerce's IList<string>). */
export type AdminButtonResult = OpResult<{ order: NopOrderDetail; errors: string[] }>;

/** What CanCapture / CanVoid read of an order. */
export type ButtonOrder = Pick<
  NopOrder,
  "id" | "orderStatusId" | "paymentStatusId" | "orderTotal" | "paymentMethodSystemName"
>;

/** OrderProcessingService.CanCaptureAsync. */
export function canCapture(order: ButtonOrder): string | undefined {
  if (order.orderStatusId === OrderStatus.Cancelled || order.orderStatusId === OrderStatus.Pending)
    return `order ${order.id} is ${order.orderStatusId === OrderStatus.Pending ? "Pending" : "Cancelled"}`;
  if (order.paymentStatusId !== PaymentStatus.Authorized) return `order ${order.id} is not Authorized`;
  if (order.paymentMethodSystemName !== pluginSystemName)
    return `payment method ${order.paymentMethodSystemName} does not support capture`;
  return undefined;
}

/** OrderProcessingService.CanVoidAsync. */
export function canVoid(order: ButtonOrder): string | undefined {
  if (toFixed(order.orderTotal) === 0n) return `order ${order.id} total is zero`;
  if (order.paymentStatusId !== PaymentStatus.Authorized) return `order ${order.id} is not Authorized`;
  if (order.paymentMethodSystemName !== pluginSystemName)
    return `payment method ${order.paymentMethodSystemName} does not support void`;
  return undefined;
}

/**
 * The admin's Capture and Void buttons as nopCommerce 4.90 runs them (OrderProcessingService.CaptureAsync /
 * VoidAsync): the Can* check (refused as nopCommerce's NopException would be), the payment method's call (here the
 * plugin's signed call to the sidecar, as StripeSidecarPlugin makes it), then on success the new payment status,
 * CaptureTransactionId, the note, CheckOrderStatus and the event (`order.paid` / `order.voided`); on failure the
 * note "Unable to ..." and the errors, the order unchanged.
 */
export class SimAdminPayments {
  constructor(
    private readonly state: SimState,
    private readonly orders: SimOrders,
    private readonly plugin: () => { sidecarUrl: string | undefined; bridgeSecret: string },
  ) {}

  capture(orderId: number): Promise<AdminButtonResult> {
    return this.press(orderId, "capture", canCapture, "Unable to capture order.", (order, answer) => {
      const d = order.detail;
      // CapturePaymentResult: CaptureTransactionId, CaptureTransactionResult (not in the contract), NewPaymentStatus Paid.
      d.captureTransactionId = paymentCallSchemas.capture.response.parse(answer).captureTransactionId;
      d.paymentStatusId = PaymentStatus.Paid;
      d.paidDateUtc = this.state.isoNow();
      this.orders.addNote(order, "Order has been captured");
      this.orders.checkOrderStatus(order);
      // ProcessOrderPaidAsync: OrderPaidEvent.
      if (d.paymentStatusId === PaymentStatus.Paid) this.state.events.emit("order.paid", { order: orderView(order) });
    });
  }

  // nopCommerce's own wording, typo included.
  void(orderId: number): Promise<AdminButtonResult> {
    return this.press(orderId, "void", canVoid, "Unable to voiding order.", (order) => {
      order.detail.paymentStatusId = PaymentStatus.Voided;
      this.orders.addNote(order, "Order has been voided");
      this.orders.checkOrderStatus(order);
      this.state.events.emit("order.voided", { order: orderView(order) });
    });
  }

  /**
   * One button: the Can* check, the plugin's call, then `apply` the answer (valid under the contract's response
   * schema), or the failure note and the errors.
   */
  private async press(
    orderId: number,
    operation: "capture" | "void",
    can: (order: ButtonOrder) => string | undefined,
    failureNote: string,
    apply: (order: SimOrder, answer: unknown) => void,
  ): Promise<AdminButtonResult> {
    const order = this.state.orders.get(orderId);
    if (!order) return notFound("order", orderId);
    const cannot = can(order.detail);
    const rule = operation === "capture" ? "CanCapture" : "CanVoid";
    if (cannot) return refused(rule, `Cannot do ${operation} for order. ${cannot}`);
    const answer = await this.callPlugin(order, operation);
    if (!answer.ok) return this.failed(order, failureNote, answer.error);
    if (!paymentCallSchemas[operation].response.safeParse(answer.json).success)
      return this.failed(
        order,
        failureNote,
        `the sidecar's answer does not fit the contract: ${JSON.stringify(answer.json)}`,
      );
    apply(order, answer.json);
    return ok({ order: structuredClone(order.detail), errors: [] });
  }

  /** SidecarClient.PaymentCallAsync: a non-2xx answer or no answer is an error with the plugin's message. */
  private async callPlugin(
    order: SimOrder,
    operation: "capture" | "void",
  ): Promise<{ ok: true; json: unknown } | { ok: false; error: string }> {
    const { sidecarUrl, bridgeSecret } = this.plugin();
    const { orderGuid } = order.detail;
    let answer: PaymentCallAnswer;
    try {
      if (!sidecarUrl) throw new Error("An invalid request URI was provided: the sidecar URL is not configured");
      const call = { sidecarUrl, bridgeSecret, nowMs: this.state.now() };
      answer = await pluginPaymentCall(call, operation, `${operation}:${orderGuid}`, { orderGuid });
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    if (answer.status < 200 || answer.status > 299)
      return {
        ok: false,
        error: `The Stripe sidecar refused ${operation} (HTTP ${answer.status}): ${answer.text.slice(0, 300)}`,
      };
    try {
      return { ok: true, json: JSON.parse(answer.text) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  private failed(order: SimOrder, what: string, error: string): AdminButtonResult {
    const errors = [error];
    this.orders.addNote(order, `${what} ${errors.map((e, i) => `Error ${i}: ${e}`).join(". ")}`);
    return ok({ order: structuredClone(order.detail), errors });
  }
}

/** POST /_control/orders/:id/capture and /void: the admin pressing the button. */
export function adminPaymentRouter(payments: SimAdminPayments): Router {
  const router = express.Router();
  const id = z.coerce.number().int().min(1);
  for (const button of ["capture", "void"] as const)
    router.post(`/orders/:id/${button}`, async (req, res) => {
      const orderId = id.safeParse(req.params.id);
      if (!orderId.success)
        return void res
          .status(422)
          .json({ error: { code: "invalid_request", rule: null, message: "id must be a positive integer" } });
      const result = await payments[button](orderId.data);
      if (result.ok) return void res.json(result.value);
      const { status, code, rule, message } = result.failure;
      res.status(status).json({ error: { code, rule, message } });
    });
  return router;
}
