import { beforeEach, describe, expect, it } from "vitest";
import { orderGuid } from "../../domain/ids.js";
import { PaymentStatus } from "../../domain/nop-statuses.js";
import { defaultOrderToCashRules } from "../../domain/order-to-cash-rules.js";
import type { PaymentIntentStatus } from "../../domain/payment-state.js";
import { ok } from "../../domain/result.js";
import { InMemoryHost } from "../../flow-kit/test-support/in-memory-host.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { builtInOnly } from "../../mapping-versions/mapping-versions.js";
import type { PaymentIntentSnapshot, PaymentIntentsPort } from "../../ports/stripe.js";
import { advanceOrder } from "./advance-order.js";
import { orderKey } from "./order-actions.js";
import { resolveOptions } from "./order-to-cash-options.js";
import { AdminPaymentCalls } from "./payment-calls.js";
import { FakeErp, FakeNop, FakeNotifier, FakeWms } from "./test-support/fake-systems.js";
import { guid, intentId, sampleNopOrder, samplePayment, usd } from "./test-support/fixtures.js";
import { InMemoryOrderToCashStore } from "./test-support/in-memory-store.js";

/** Stripe's PaymentIntents for one PaymentIntent: the calls made with their keys, the status moved as Stripe does. */
class FakeIntents implements Pick<PaymentIntentsPort, "retrieve" | "capture" | "voidAuthorization"> {
  readonly calls: string[] = [];
  constructor(public status: PaymentIntentStatus) {}

  private snapshot(): PaymentIntentSnapshot {
    const p = samplePayment(this.status);
    return { ...p, id: intentId, orderGuid: guid, lastPaymentError: null, clientSecret: null };
  }
  retrieve = async () => ok(this.snapshot());
  capture = async (_id: string, key: string) => {
    this.calls.push(`capture ${key}`);
    this.status = "succeeded";
    return ok(this.snapshot());
  };
  voidAuthorization = async (_id: string, key: string) => {
    this.calls.push(`void ${key}`);
    this.status = "canceled";
    return ok(this.snapshot());
  };
}

function setUp(status: PaymentIntentStatus, nopChanges = {}) {
  const store = new InMemoryOrderToCashStore();
  const nop = new FakeNop(sampleNopOrder({ paymentStatusId: PaymentStatus.Authorized, ...nopChanges }));
  const erp = new FakeErp();
  const host = new InMemoryHost("order-to-cash");
  const options = resolveOptions({ publicUrl: () => "http://sidecar.test", rules: defaultOrderToCashRules });
  const advance = advanceOrder(host, {
    store,
    nop,
    erp,
    wms: new FakeWms(),
    notifier: new FakeNotifier(),
    enqueue: host.enqueue,
    failures: host.failures,
    mappings: builtInOnly,
    options,
  });
  const intents = new FakeIntents(status);
  const calls = new AdminPaymentCalls(
    intents as unknown as PaymentIntentsPort,
    store,
    advance,
    host.enqueue,
    host.failures.call.bind(host.failures),
  );
  return { store, nop, erp, host, advance, intents, calls };
}

/** The order known to the flow, marked Authorized, its PaymentIntent stored as the webhook left it. */
async function authorized(t: ReturnType<typeof setUp>) {
  await t.store.saveNopOrder(t.nop.order, 1, null);
  const { revision: _, declines, ...payment } = samplePayment("requires_capture");
  await t.store.observePayment({ ...payment, newDeclines: declines });
  await t.store.linkPayment(guid, intentId);
  await t.store.record({
    key: orderKey(guid, "mark-authorized"),
    aggregate: guid,
    kind: "action",
    name: "mark-authorized",
    detail: {},
  });
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermanentError);
  return error as PermanentError;
};

describe("the admin's Capture and Void (payment-calls.ts, on in-memory fakes)", () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp("requires_capture");
  });

  it("captures once under the order's key, and the order then goes to the ERP without a second Paid", async () => {
    await authorized(t);
    const answer = await t.calls.capture(guid, `capture:${guid}`);
    expect(answer).toEqual({ captureTransactionId: "ch_sample", status: "succeeded" });
    expect(await t.calls.capture(guid, "another-request")).toEqual(answer);
    expect(t.intents.calls).toEqual([`capture o2c:${guid}:capture`]);
    expect(t.host.enqueued.map((j) => j.name)).toContain("order-to-cash.advance");

    await t.advance.run(guid);
    expect(t.store.actions(guid)).toEqual(["mark-authorized", "capture", "erp-sales-order", "erp-note", "wms-request"]);
    expect(t.nop.calls.map((c) => c.operation)).not.toContain("markOrderPaid");
    expect(t.erp.calls).toHaveLength(1);
  });

  it("voids once under the order's key; the order then does nothing more", async () => {
    await authorized(t);
    expect(await t.calls.void(guid, `void:${guid}`)).toEqual({});
    expect(await t.calls.void(guid, `void:${guid}`)).toEqual({});
    expect(t.intents.calls).toEqual([`void o2c:${guid}:void`]);
    await t.advance.run(guid);
    expect(t.store.actions(guid)).toEqual(["mark-authorized", "void"]);
    expect(t.nop.calls).toEqual([]);
    expect(t.erp.calls).toEqual([]);
  });

  it("refuses a void of a captured payment, and a capture of one not authorized, calling Stripe for neither", async () => {
    await authorized(t);
    t.intents.status = "succeeded";
    const captured = await refusal(t.calls.void(guid, "r1"));
    expect(captured.message).toBe(
      "void: order 1: its PaymentIntent pi_sample is captured; only an authorized payment can be voided: refund it instead",
    );
    expect(captured.problem).toMatchObject({ code: "payment_captured", field: "orderGuid", value: guid });
    t.intents.status = "requires_payment_method";
    const pending = await refusal(t.calls.capture(guid, "r2"));
    expect(pending.message).toBe(
      "capture: order 1: its PaymentIntent pi_sample is requires_payment_method, not authorized",
    );
    t.intents.status = "canceled";
    expect((await refusal(t.calls.capture(guid, "r3"))).message).toContain("is canceled, not authorized");
    expect(t.intents.calls).toEqual([]);
    expect(t.store.actions(guid)).toEqual(["mark-authorized"]);
  });

  it("refuses, naming it, an unknown order, one paid by another method and one without a PaymentIntent", async () => {
    const unknown = orderGuid("00000000-0000-4000-8000-000000000001");
    expect((await refusal(t.calls.capture(unknown, "r"))).message).toBe(
      `capture: order ${unknown} is unknown to the sidecar`,
    );
    const other = setUp("requires_capture", { paymentMethodSystemName: "Payments.CheckMoneyOrder" });
    await other.store.saveNopOrder(other.nop.order, 1, null);
    expect((await refusal(other.calls.void(guid, "r"))).message).toBe(
      "void: order 1: it was paid with Payments.CheckMoneyOrder, not Payments.StripeSidecar",
    );
    await t.store.saveNopOrder(t.nop.order, 1, usd(11671));
    expect((await refusal(t.calls.capture(guid, "r"))).message).toBe(
      "capture: order 1: it has no Stripe PaymentIntent",
    );
  });
});
