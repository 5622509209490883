import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOrderToCashRules } from "../../sidecar/src/domain/order-to-cash-rules.js";
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
} from "./o2c-harness.js";

describe.each(backends)("order-to-cash payment variants on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend, {
      rules: {
        ...defaultOrderToCashRules,
        // Orders of 5000.00 and more are authorized only; declined orders are cancelled after 3 s.
        defaults: { ...defaultOrderToCashRules.defaults, manualCaptureFromMinor: 500_000, cancelUnpaidAfterMs: 3000 },
      },
    });
  });
  afterAll(() => t?.close());

  it("a decline leaves a customer-visible note and an alert; a retry with another card pays once", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_chargeDeclinedInsufficientFunds");
    expect(intent.status).toBe("requires_payment_method");
    const [note] = await waitFor(() => {
      const notes = notesOf(t, order.id, "Payment declined");
      return notes.length > 0 ? notes : undefined;
    });
    expect(note?.displayToCustomer).toBe(true);
    expect(note?.note).toContain("insufficient_funds");
    expect(nopOrder(t, order.id).paymentStatusId).toBe(PaymentStatus.Pending);
    await waitFor(() => t.alerts.some((a) => a.code === "payment.declined"));

    await t.systems.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_mastercard" });
    await waitUntilFulfilmentRequested(t, order);
    expect(notesOf(t, order.id, "Payment declined")).toHaveLength(1);
    expect(notesOf(t, order.id, "Order has been marked as paid")).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    expect(nopOrder(t, order.id).orderStatusId).toBe(OrderStatus.Processing);
  });

  it("a declined order that is never paid is cancelled after the configured time, its PaymentIntent too", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_chargeDeclined");
    await waitFor(() => nopOrder(t, order.id).orderStatusId === OrderStatus.Cancelled, { timeoutMs: 20_000 });
    const cancelled = await waitFor(async () => {
      const pi = await t.systems.stripe.paymentIntents.retrieve(intent.id);
      return pi.status === "canceled" ? pi : undefined;
    });
    expect(cancelled.cancellation_reason).toBe("abandoned");
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(0);
    expect(notesOf(t, order.id, "Payment declined")).toHaveLength(1);
  });

  it("3-D Secure: requires_action keeps the order Pending until the challenge succeeds", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_threeDSecure2Required");
    expect(intent.status).toBe("requires_action");
    await waitFor(async () =>
      t.sidecar.db.prisma.actionLogEntry.findFirst({
        where: { aggregate: order.orderGuid.toLowerCase(), name: "payment_intent.requires_action" },
      }),
    );
    expect(nopOrder(t, order.id).paymentStatusId).toBe(PaymentStatus.Pending);
    const res = await fetch(`${t.sandbox.stripe.url}/_emulator/payment_intents/${intent.id}/authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "succeed" }),
    });
    expect(res.ok).toBe(true);
    await waitUntilFulfilmentRequested(t, order);
    expect(notesOf(t, order.id, "Order has been marked as paid")).toHaveLength(1);
  });

  it("manual capture by rule: Authorized first, then a partial capture pays and books the order once", async () => {
    const { order, intent } = await placeAndPay(t, "pm_card_visa", { items: [{ productId: 1, quantity: 5 }] });
    expect(intent.capture_method).toBe("manual");
    expect(intent.status).toBe("requires_capture");
    await waitFor(() => nopOrder(t, order.id).paymentStatusId === PaymentStatus.Authorized);
    expect(nopOrder(t, order.id).authorizationTransactionId).toBe(intent.id);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(0); // rule: only Paid orders go to the ERP

    await t.systems.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 500_000 });
    await waitUntilFulfilmentRequested(t, order);
    const [partial] = notesOf(t, order.id, "Partial capture");
    expect(partial?.note).toContain("USD 5,000.00 of USD 6,005.00 captured; USD 1,005.00 released");
    expect(notesOf(t, order.id, "Order has been marked as paid")).toHaveLength(1);
    expect(notesOf(t, order.id, "Order has been marked as authorized")).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
  });
});
