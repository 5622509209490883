import { randomBytes } from "node:crypto";
import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { type HttpFetch, httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { OrderStatus, PaymentStatus, ShippingStatus } from "@nop-stripe/contract/nop-enums.js";
import {
  nopCustomerId,
  nopOrderId,
  nopProductId,
  nopRecurringPaymentId,
  nopReturnRequestId,
  nopShipmentId,
} from "@nop-stripe/contract/nop-ids.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { writeBackBasePath, writeBackRoutes } from "@nop-stripe/contract/write-back-routes.js";
import type { WriteBackOperation } from "@nop-stripe/contract/write-back-schemas.js";
import { type NopSimulator, startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import { NopNotFound, NopRequestError, NopRuleRefused } from "../../sidecar/src/connectors/nop/nop-errors.js";
import type { NopResult } from "../../sidecar/src/connectors/nop/nop-port.js";
import { contractAjv, kebab, schemaBase } from "./contract-files.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const ajv = contractAjv();
const byPath = new Map(
  Object.entries(writeBackRoutes).map(([op, r]) => [writeBackBasePath + r.path, op as WriteBackOperation]),
);

interface Call {
  op: WriteBackOperation;
  requestId: string;
  status: number;
}

let sim: NopSimulator;
let calls: Call[] = [];
const contractViolations: string[] = [];

/** The adapter's own HTTP, recording each call and holding request and answer to the contract's JSON Schema. */
const checkingFetch: HttpFetch = async (url, init) => {
  const op = byPath.get(new URL(url).pathname)!;
  const res = await httpFetch(url, init);
  const text = await res.text();
  calls.push({ op, requestId: init.headers?.["webhook-id"] ?? "", status: res.status });
  const check = (schema: string, value: unknown) => {
    const validate = ajv.getSchema(`${schemaBase}write-back/${schema}.schema.json`)!;
    if (!validate(value)) contractViolations.push(`${schema}: ${ajv.errorsText(validate.errors)}`);
  };
  check(`${kebab(op)}.request`, JSON.parse(String(init.body)));
  if (res.status === 200) check(`${kebab(op)}.response`, JSON.parse(text));
  else if (res.status < 500 || text.includes('"error"')) check("error", JSON.parse(text));
  return res;
};

const adapter = (overrides: Partial<ConstructorParameters<typeof HttpNopAdapter>[0]> = {}) =>
  new HttpNopAdapter({
    baseUrl: sim.url,
    secret,
    fetch: checkingFetch,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4 },
    ...overrides,
  });

function value<T>(result: NopResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

const eventTypes = () => sim.outbox.emitted().map((e) => e.type);

beforeAll(async () => {
  sim = await startNopSimulator({ eventSecret: secret, writeBackSecret: secret });
});
afterAll(() => sim?.close());
beforeEach(() => {
  calls = [];
  sim.setFault({});
});

describe("connector <-> simulator over HTTP", () => {
  it("round-trips every write-back operation, each request and answer valid by the contract", async () => {
    const nop = adapter();
    const customer = sim.registerCustomer({ email: "round@example.com", firstName: "Round", lastName: "Trip" });
    const order = sim.placeOrder({ customerId: customer.id, items: [{ productId: 1, quantity: 2 }] });
    const orderId = nopOrderId(order.id);

    expect(value(await nop.getOrder({ orderId })).order.orderGuid).toBe(order.orderGuid);
    expect(
      value(await nop.markOrderAuthorized({ orderId, authorizationTransactionId: "pi_1" })).order.paymentStatusId,
    ).toBe(PaymentStatus.Authorized);
    const paid = value(
      await nop.markOrderPaid({ orderId, captureTransactionId: "pi_1", captureTransactionResult: "succeeded" }),
    );
    expect(paid.order.captureTransactionId).toBe("pi_1");
    const noted = value(await nop.addOrderNote({ orderId, note: "visible", displayToCustomer: true }));
    expect(noted.order.notes.at(-1)).toMatchObject({ note: "visible", displayToCustomer: true });
    const shipped = value(
      await nop.addShipment({ orderId, trackingNumber: "TRACK1", items: null, notifyCustomer: false }),
    );
    expect(shipped.order.shippingStatusId).toBe(ShippingStatus.Shipped);
    const delivered = value(
      await nop.markShipmentDelivered({ shipmentId: nopShipmentId(shipped.shipment.id), notifyCustomer: false }),
    );
    expect(delivered.order).toMatchObject({
      shippingStatusId: ShippingStatus.Delivered,
      orderStatusId: OrderStatus.Complete,
    });
    const refund = value(
      await nop.recordRefund({ orderId, kind: "partial", amount: decimalString("100"), refundId: "re_1" }),
    );
    expect(refund.order).toMatchObject({ refundedAmount: "100.00", paymentStatusId: PaymentStatus.PartiallyRefunded });

    const other = sim.placeOrder({ paymentStatus: "Authorized" });
    expect(value(await nop.voidOrder({ orderId: nopOrderId(other.id) })).order.paymentStatusId).toBe(
      PaymentStatus.Voided,
    );
    expect(
      value(await nop.cancelOrder({ orderId: nopOrderId(other.id), notifyCustomer: false })).order.orderStatusId,
    ).toBe(OrderStatus.Cancelled);

    const productId = nopProductId(2);
    expect(
      value(await nop.setStockQuantity({ productId, stockQuantity: 7, message: null })).product.stockQuantity,
    ).toBe(7);
    expect(
      value(await nop.updateProductPrice({ productId, price: decimalString("999.5"), oldPrice: null })).product.price,
    ).toBe("999.50");
    const products = value(await nop.listProducts({ pageIndex: 0, pageSize: 2 }));
    expect(products.items).toHaveLength(2);
    expect(products.totalCount).toBeGreaterThanOrEqual(4);
    expect(value(await nop.getCustomer({ customerId: nopCustomerId(customer.id) })).customer.email).toBe(
      "round@example.com",
    );
    const registered = value(await nop.listCustomers({ pageIndex: 0, pageSize: 100, registeredOnly: true }));
    expect(registered.items.every((c) => c.customerRoleSystemNames.includes("Registered"))).toBe(true);

    const rr = sim.createReturnRequest({ orderItemId: order.items[0]!.id, quantity: 1 });
    if (!rr.ok) throw new Error(rr.failure.message);
    const returnRequestId = nopReturnRequestId(rr.value.id);
    expect(value(await nop.getReturnRequest({ returnRequestId })).returnRequest.returnRequestStatusId).toBe(0);
    const authorized = value(
      await nop.setReturnRequestStatus({ returnRequestId, returnRequestStatusId: 20, staffNotes: "ok" }),
    );
    expect(authorized.returnRequest).toMatchObject({ returnRequestStatusId: 20, staffNotes: "ok" });

    // Contract 1.2: a customer and a recurring payment changed from Stripe.
    const customerId = nopCustomerId(customer.id);
    const seen = value(await nop.getCustomer({ customerId })).customer;
    const updated = value(
      await nop.updateCustomer({
        customerId,
        expectedVersion: seen.version ?? null,
        origin: { system: "stripe", reference: "evt_round" },
        changes: { firstName: "Rounded" },
      }),
    );
    expect(updated).toMatchObject({ customer: { firstName: "Rounded" }, changedFields: ["firstName"] });
    const subscribed = sim.placeOrder({ customerId: customer.id, items: [{ productId: 4 }], paymentStatus: "Paid" });
    const recurringPaymentId = nopRecurringPaymentId(
      sim.recurringPayments().find((rp) => rp.initialOrderId === subscribed.id)!.id,
    );
    const first = { recurringPaymentId, invoiceId: "in_round_1", captureTransactionId: "pi_round_1" };
    expect(value(await nop.processNextRecurringPayment(first)).order.id).toBe(subscribed.id);
    const failed = value(
      await nop.markRecurringPaymentFailed({
        recurringPaymentId,
        invoiceId: "in_round_2",
        attemptCount: 1,
        error: "declined",
      }),
    );
    expect(failed.recurringPayment.lastPaymentFailed).toBe(true);
    expect(value(await nop.getRecurringPayment({ recurringPaymentId })).history).toHaveLength(1);
    const listed = value(await nop.listRecurringPayments({ pageIndex: 0, pageSize: 500 }));
    expect(listed.items.map((item) => item.recurringPayment.id)).toContain(recurringPaymentId);
    expect(listed.totalCount).toBe(listed.items.length);
    const cancelled = value(
      await nop.cancelRecurringPayment({ recurringPaymentId, origin: { system: "stripe", reference: "evt_round_3" } }),
    );
    expect(cancelled).toMatchObject({ alreadyCancelled: false, recurringPayment: { isActive: false } });

    expect(new Set(calls.map((c) => c.op))).toEqual(new Set(Object.keys(writeBackRoutes)));
    expect(contractViolations).toEqual([]);
  });

  it("marks an order paid exactly as nopCommerce does: status, paid date, notes and events in order", async () => {
    const order = sim.placeOrder({ items: [{ productId: 1 }] });
    const before = sim.outbox.emitted().length;
    const paid = value(
      await adapter().markOrderPaid({
        orderId: nopOrderId(order.id),
        captureTransactionId: "pi_9",
        captureTransactionResult: null,
      }),
    ).order;
    expect(paid).toMatchObject({
      paymentStatusId: PaymentStatus.Paid,
      orderStatusId: OrderStatus.Processing,
      shippingStatusId: ShippingStatus.NotYetShipped,
      captureTransactionId: "pi_9",
    });
    expect(paid.paidDateUtc).not.toBeNull();
    expect(paid.notes.map((n) => n.note)).toEqual([
      "Order has been marked as paid",
      "Order status has been changed to Processing",
    ]);
    expect(eventTypes().slice(before)).toEqual(["order.status_changed", "order.paid"]);
  });

  it("applies the same write-back sent twice only once", async () => {
    const nop = adapter();
    const order = sim.placeOrder({ paymentStatus: "Paid", items: [{ productId: 3, quantity: 10 }] });
    const orderId = nopOrderId(order.id);
    const request = { orderId, kind: "partial" as const, amount: decimalString("5.00"), refundId: "re_twice" };
    const first = value(await nop.recordRefund(request, { requestId: "job-42:refund" }));
    const eventsAfterFirst = sim.outbox.emitted().length;
    const second = value(await nop.recordRefund(request, { requestId: "job-42:refund" }));
    expect(second).toEqual(first);
    expect(sim.getOrder(order.id)!.refundedAmount).toBe("5.00");
    expect(sim.outbox.emitted().length).toBe(eventsAfterFirst);

    // Another request id for the same Stripe refund: recognised by the refund id, not applied again.
    const third = value(await nop.recordRefund(request, { requestId: "webhook-77:refund" }));
    expect(third.alreadyApplied).toBe(true);
    expect(third.order.refundedAmount).toBe("5.00");

    // Without a request id, identical writes derive the same one.
    const note = { orderId, note: "once", displayToCustomer: false };
    value(await nop.addOrderNote(note));
    value(await nop.addOrderNote(note));
    expect(sim.getOrder(order.id)!.notes.filter((n) => n.note === "once")).toHaveLength(1);
  });

  it("refuses a request id reused for a different request", async () => {
    const order = sim.placeOrder();
    const nop = adapter();
    value(
      await nop.addOrderNote(
        { orderId: nopOrderId(order.id), note: "a", displayToCustomer: false },
        { requestId: "same" },
      ),
    );
    await expect(
      nop.addOrderNote({ orderId: nopOrderId(order.id), note: "b", displayToCustomer: false }, { requestId: "same" }),
    ).rejects.toMatchObject({ name: "NopRequestError", code: "idempotency_key_reused", status: 422 });
  });
});

describe("refused transitions come back as rule errors, never retried", () => {
  async function refusal(result: Promise<NopResult<unknown>>): Promise<NopRuleRefused> {
    const r = await result;
    if (r.ok || !(r.error instanceof NopRuleRefused))
      throw new Error(`expected a rule refusal, got ${JSON.stringify(r)}`);
    return r.error;
  }

  it("names the rule for each nopCommerce check", async () => {
    const nop = adapter();
    const cancelled = sim.placeOrder();
    const id = nopOrderId(cancelled.id);
    value(await nop.cancelOrder({ orderId: id, notifyCustomer: false }));
    calls = [];
    const paid = await refusal(
      nop.markOrderPaid({ orderId: id, captureTransactionId: "pi", captureTransactionResult: null }),
    );
    expect(paid.rule).toBe("CanMarkOrderAsPaid");
    expect(paid.message).toContain("Cancelled");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.status).toBe(409);
    // The identical call without a request id would replay the first answer; a new id runs the rule.
    const again = { requestId: "cancel-again" };
    expect((await refusal(nop.cancelOrder({ orderId: id, notifyCustomer: false }, again))).rule).toBe("CanCancelOrder");
    expect((await refusal(nop.markOrderAuthorized({ orderId: id, authorizationTransactionId: "pi" }))).rule).toBe(
      "CanMarkOrderAsAuthorized",
    );

    const pending = nopOrderId(sim.placeOrder().id);
    expect((await refusal(nop.voidOrder({ orderId: pending }))).rule).toBe("CanVoidOffline");
    expect(
      (
        await refusal(
          nop.recordRefund({ orderId: pending, kind: "partial", amount: decimalString("1"), refundId: "re_p" }),
        )
      ).rule,
    ).toBe("CanPartiallyRefundOffline");

    const order = sim.placeOrder({ paymentStatus: "Paid", items: [{ productId: 3, quantity: 5 }] });
    const paidId = nopOrderId(order.id);
    expect(order.orderTotal).toBe("14.00");
    const tooMuch = await refusal(
      nop.recordRefund({ orderId: paidId, kind: "partial", amount: decimalString("14.01"), refundId: "re_a" }),
    );
    expect(tooMuch.rule).toBe("CanPartiallyRefundOffline");
    value(await nop.recordRefund({ orderId: paidId, kind: "partial", amount: decimalString("4"), refundId: "re_b" }));
    // nopCommerce allows no full refund after a partial one.
    expect(
      (
        await refusal(
          nop.recordRefund({ orderId: paidId, kind: "full", amount: decimalString("14.00"), refundId: "re_c" }),
        )
      ).rule,
    ).toBe("CanRefundOffline");
    const rest = value(
      await nop.recordRefund({ orderId: paidId, kind: "partial", amount: decimalString("10"), refundId: "re_d" }),
    );
    expect(rest.order).toMatchObject({ refundedAmount: "14.00", paymentStatusId: PaymentStatus.Refunded });
    expect(
      (await refusal(nop.markOrderPaid({ orderId: paidId, captureTransactionId: "x", captureTransactionResult: null })))
        .rule,
    ).toBe("CanMarkOrderAsPaid");
  });

  it("answers unknown entities as NopNotFound", async () => {
    const r = await adapter().getOrder({ orderId: nopOrderId(999_999) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBeInstanceOf(NopNotFound);
  });
});

describe("faults: 5xx and slowness are retried with the same request id", () => {
  it("retries a failing store until it answers", async () => {
    sim.setFault({ failNext: 2, status: 503 });
    const order = sim.placeOrder();
    const r = await adapter().getOrder({ orderId: nopOrderId(order.id) });
    expect(r.ok).toBe(true);
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(1);
  });

  it("does not apply a write twice when the answer was lost", async () => {
    const order = sim.placeOrder();
    sim.setFault({ failNext: 1, status: 502, when: "after" });
    const r = await adapter().markOrderPaid({
      orderId: nopOrderId(order.id),
      captureTransactionId: "pi_l",
      captureTransactionResult: null,
    });
    expect(r.ok).toBe(true);
    expect(calls.map((c) => c.status)).toEqual([502, 200]);
    expect(sim.getOrder(order.id)!.notes.filter((n) => n.note === "Order has been marked as paid")).toHaveLength(1);
  });

  it("gives up after the last attempt with a retryable NopRequestError", async () => {
    sim.setFault({ failNext: 10, status: 500 });
    const error = await adapter({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })
      .getOrder({ orderId: nopOrderId(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NopRequestError);
    expect(error).toMatchObject({ retryable: true, status: 500 });
    expect(calls).toHaveLength(3);
  });

  it("times out a slow store and retries", async () => {
    sim.setFault({ latencyMs: 200 });
    const error = await adapter({ timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } })
      .getOrder({ orderId: nopOrderId(1) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NopRequestError", retryable: true, status: null });
    sim.setFault({});
  });
});

describe("the simulator's write-back API refuses unsigned calls with 401", () => {
  const url = () => `${sim.url}${writeBackBasePath}/orders/get`;
  const body = JSON.stringify({ orderId: 1 });
  const post = (headers: Record<string, string> | object) =>
    fetch(url(), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it("accepts a correct signature", async () => {
    expect((await post(signWebhook(secret, "req-1", body, Date.now()))).status).toBe(200);
  });

  it.each([
    [
      "a signature by another secret",
      () => signWebhook(`whsec_${randomBytes(32).toString("base64")}`, "req-2", body, Date.now()),
    ],
    ["a timestamp 6 minutes old", () => signWebhook(secret, "req-3", body, Date.now() - 360_000)],
    ["a timestamp 6 minutes ahead", () => signWebhook(secret, "req-4", body, Date.now() + 360_000)],
    ["a signature over another body", () => signWebhook(secret, "req-5", JSON.stringify({ orderId: 2 }), Date.now())],
    [
      "a signature for another request id",
      () => ({ ...signWebhook(secret, "req-6", body, Date.now()), "webhook-id": "req-7" }),
    ],
    ["no signature headers", () => ({})],
  ])("refuses %s", async (_label, headers) => {
    const res = await post(headers());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized", rule: null } });
  });

  it("answers 422 naming the field for a signed but invalid request", async () => {
    const bad = JSON.stringify({ orderId: "1" });
    const res = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json", ...signWebhook(secret, "req-8", bad, Date.now()) },
      body: bad,
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("request.orderId");
  });
});
