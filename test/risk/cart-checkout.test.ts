import { randomUUID } from "node:crypto";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { pluginPaymentCall } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erpOrdersFor, nopOrder } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { type RiskHarness, startRisk } from "./risk-harness.js";

describe.each(backends)("a cart checkout decided before capture on $name", (backend) => {
  let t: RiskHarness;
  beforeAll(async () => {
    t = await startRisk(backend);
  });
  afterAll(() => t?.close());

  const call = async (operation: string, requestId: string, request: unknown) => {
    const answer = await pluginPaymentCall(
      { sidecarUrl: t.url, bridgeSecret: t.sandbox.bridgeSecret },
      operation,
      requestId,
      request,
    );
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as Record<string, unknown>;
  };

  it("the cart's PaymentIntent is authorized only; once the order is placed and attached it is scored and captured", async () => {
    const order = t.sandbox.nop.placeOrder({ email: `cart-${randomUUID()}@example.com` });
    const cart = await call("create-intent", randomUUID(), {
      customerId: order.customerId,
      customerGuid: order.customer.customerGuid,
      email: order.customer.email,
      storeId: order.storeId,
      amount: order.orderTotal,
      currencyCode: order.customerCurrencyCode,
    });
    const paymentIntentId = String(cart.paymentIntentId);
    const confirmed = await t.systems.stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: "pm_card_visa",
    });
    expect(confirmed).toMatchObject({
      status: "requires_capture",
      capture_method: "manual",
      metadata: { sidecar_risk: "decide" },
    });
    // Stripe's authorization reached the sidecar before the order was attached: the risk flow waits for it.
    await call("attach-order", `attach:${order.orderGuid}`, {
      paymentIntentId,
      orderGuid: order.orderGuid,
      customerId: order.customerId,
      storeId: order.storeId,
      orderTotal: order.orderTotal,
    });
    await waitFor(
      () =>
        nopOrder(t, order.id).paymentStatusId === PaymentStatus.Paid && erpOrdersFor(t, order.orderGuid).length === 1,
      { timeoutMs: 30_000 },
    );
    expect((await t.systems.stripe.paymentIntents.retrieve(paymentIntentId)).status).toBe("succeeded");
  }, 45_000);
});
