import { type EmulatorKit, startKit } from "@nop-stripe/stripe-emulator/test-kit.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderGuid, paymentIntentId } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { StripeRefundsApi } from "./refunds-api.js";

let kit: EmulatorKit;
let api: StripeRefundsApi;
const guid = orderGuid("2f1d7e7a-4b7e-4a1e-9a51-6b8f0d2c1a11");

beforeAll(async () => {
  kit = await startKit();
  api = new StripeRefundsApi(kit.stripe);
});
afterAll(() => kit.close());

async function paid(amount = 5000) {
  const intent = await kit.stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
  return { id: paymentIntentId(intent.id), charge: String(intent.latest_charge) };
}

const refundOf = (pi: ReturnType<typeof paymentIntentId>, amount: number, requestKey = "graphql:1") => ({
  paymentIntentId: pi,
  amount: money(amount, "usd"),
  reason: null,
  requestKey,
  orderGuid: guid,
});

describe("StripeRefundsApi on the official client (against the emulator)", () => {
  it("refunds once per idempotency key, with our key and order in the metadata, and reads it back", async () => {
    const pi = await paid();
    const first = await api.create(refundOf(pi.id, 1200), "k-1");
    const again = await api.create(refundOf(pi.id, 1200), "k-1");
    expect(first).toMatchObject({ ok: true, value: { status: "succeeded", requestKey: "graphql:1", orderGuid: guid } });
    expect(again.ok && first.ok && again.value.id === first.value.id).toBe(true);
    if (!first.ok) return;
    expect(await api.retrieve(first.value.id)).toMatchObject({ ok: true, value: { amount: { amount: 1200 } } });
    expect((await api.listForCharge(first.value.chargeId!)).map((r) => r.id)).toEqual([first.value.id]);
  });

  it("answers Stripe's refusals as results: too much, already refunded, disputed", async () => {
    const pi = await paid(1000);
    expect(await api.create(refundOf(pi.id, 1001), "k-2")).toMatchObject({
      ok: false,
      error: { kind: "refund_refused", code: "amount_too_large" },
    });
    await api.create(refundOf(pi.id, 1000), "k-3");
    expect(await api.create(refundOf(pi.id, 1), "k-4")).toMatchObject({
      ok: false,
      error: { kind: "refund_refused", code: "charge_already_refunded" },
    });
    const disputed = await paid(1000);
    await kit.control("/_emulator/disputes", { charge: disputed.charge, reason: "fraudulent" });
    expect(await api.create(refundOf(disputed.id, 100), "k-5")).toMatchObject({
      ok: false,
      error: { kind: "refund_refused", code: "charge_disputed" },
    });
    expect(await api.create(refundOf(disputed.id, 100, "graphql:other"), "k-1")).toMatchObject({
      ok: false,
      error: { kind: "idempotency_mismatch" },
    });
  });
});
