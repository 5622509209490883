import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { decodeForm } from "./form-decoding.js";
import { startKit, stripeClient } from "./test-kit.js";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

describe("form decoding", () => {
  it("decodes nested hashes, indexed and appended arrays, and metadata", () => {
    const decoded = decodeForm(
      "amount=100&metadata[order]=7&metadata[0]=zero&items[0][price]=p1&items[1][price]=p2&items[1][quantity]=2&expand[]=a&expand[]=b&shipping[address][line1]=1+Main+St",
    );
    expect(decoded).toEqual({
      amount: "100",
      metadata: { order: "7", "0": "zero" },
      items: [{ price: "p1" }, { price: "p2", quantity: "2" }],
      expand: ["a", "b"],
      shipping: { address: { line1: "1 Main St" } },
    });
  });
});

describe("authentication and headers", () => {
  it("answers 401 without a key and with a live or malformed key", async () => {
    const anonymous = await fetch(`${kit.emulator.url}/v1/customers`);
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("You did not provide an API key");
    const live = stripeClient(kit.emulator, "sk_live_1234567890abcdef");
    const error = await failure(live.customers.list());
    expect(error.type).toBe("StripeAuthenticationError");
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^Invalid API Key provided: sk_live_/);
  });

  it("returns Request-Id and echoes Stripe-Version", async () => {
    const response = await fetch(`${kit.emulator.url}/v1/balance`, {
      headers: { authorization: "Bearer sk_test_abc", "stripe-version": "2020-08-27" },
    });
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(response.headers.get("stripe-version")).toBe("2020-08-27");
  });

  it("answers unknown URLs with Stripe's 404", async () => {
    const response = await fetch(`${kit.emulator.url}/v1/nothing_here`, {
      headers: { authorization: "Bearer sk_test_abc" },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("Unrecognized request URL (GET: /v1/nothing_here)");
  });
});

describe("idempotency", () => {
  it("replays the same response for the same key and parameters", async () => {
    const key = `order-${Date.now()}`;
    const first = await kit.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const second = await kit.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    const all = await kit.stripe.customers.list({ email: "idem@example.com" });
    expect(all.data).toHaveLength(1);
  });

  it("rejects the same key with other parameters", async () => {
    const key = "pay-order-77";
    await kit.stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: key });
    const error = await failure(
      kit.stripe.paymentIntents.create({ amount: 2000, currency: "usd" }, { idempotencyKey: key }),
    );
    expect(error.type).toBe("StripeIdempotencyError");
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'pay-order-77' if you meant to execute a different request.",
    );
  });

  it("replays a card decline (402) and does not save validation errors", async () => {
    const params = { amount: 1000, currency: "usd", payment_method: "pm_card_chargeDeclined", confirm: true };
    const first = await failure(kit.stripe.paymentIntents.create(params, { idempotencyKey: "decline-1" }));
    const second = await failure(kit.stripe.paymentIntents.create(params, { idempotencyKey: "decline-1" }));
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.headers?.["idempotent-replayed"]).toBe("true");
    const invalid = { amount: 10, currency: "usd" };
    await failure(kit.stripe.paymentIntents.create(invalid, { idempotencyKey: "small-1" }));
    const retried = await failure(kit.stripe.paymentIntents.create(invalid, { idempotencyKey: "small-1" }));
    expect(retried.headers?.["idempotent-replayed"]).toBeUndefined();
  });

  it("forgets keys after 24 hours", async () => {
    let now = Date.UTC(2026, 0, 10, 12);
    const clocked = await startKit({ clock: () => now });
    try {
      const first = await clocked.stripe.customers.create({ name: "a" }, { idempotencyKey: "day-key" });
      now += 24 * 3600 * 1000;
      const later = await clocked.stripe.customers.create({ name: "a" }, { idempotencyKey: "day-key" });
      expect(later.id).not.toBe(first.id);
      expect(later.created - first.created).toBe(86400);
    } finally {
      await clocked.close();
    }
  });
});

describe("pagination and expand", () => {
  it("pages forwards and backwards with has_more", async () => {
    const own = await startKit();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) ids.push((await own.stripe.customers.create({ name: `c${i}` })).id);
      const newestFirst = [...ids].reverse();
      const page1 = await own.stripe.customers.list({ limit: 10 });
      expect(page1.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 10));
      expect(page1.has_more).toBe(true);
      const page3 = await own.stripe.customers.list({ limit: 10, starting_after: newestFirst[19] });
      expect(page3.data.map((c) => c.id)).toEqual(newestFirst.slice(20));
      expect(page3.has_more).toBe(false);
      const back = await own.stripe.customers.list({ limit: 5, ending_before: newestFirst[20] });
      expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(15, 20));
      expect(back.has_more).toBe(true);
      const defaults = await own.stripe.customers.list();
      expect(defaults.data).toHaveLength(10);
      const all: string[] = [];
      for await (const customer of own.stripe.customers.list({ limit: 7 })) all.push(customer.id);
      expect(all).toEqual(newestFirst);
      const tooMany = await failure(own.stripe.customers.list({ limit: 101 }));
      expect(tooMany.param).toBe("limit");
    } finally {
      await own.close();
    }
  });

  it("expands ids, nested paths and list data", async () => {
    const customer = await kit.stripe.customers.create({ email: "expand@example.com" });
    const intent = await kit.stripe.paymentIntents.create({
      amount: 1234,
      currency: "usd",
      customer: customer.id,
      payment_method: "pm_card_visa",
      confirm: true,
      expand: ["customer", "latest_charge.balance_transaction", "payment_method"],
    });
    expect((intent.customer as Stripe.Customer).email).toBe("expand@example.com");
    expect(((intent.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction).object).toBe(
      "balance_transaction",
    );
    expect((intent.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
    const txns = await kit.stripe.balanceTransactions.list({ limit: 3, expand: ["data.source"] });
    expect(txns.data.every((t) => typeof t.source === "object")).toBe(true);
    const bad = await failure(kit.stripe.paymentIntents.retrieve(intent.id, { expand: ["nonsense"] }));
    expect(bad.message).toBe("This property cannot be expanded (nonsense).");
  });
});

describe("faults", () => {
  it("forces 429 and 500 answers for retry tests", async () => {
    await kit.control("/_emulator/faults", { status: 429, count: 1, path_prefix: "/v1/balance" });
    const limited = await failure(kit.stripe.balance.retrieve());
    expect(limited.type).toBe("StripeRateLimitError");
    expect(limited.statusCode).toBe(429);
    const retrying = new Stripe("sk_test_retry", {
      host: kit.emulator.host,
      port: kit.emulator.port,
      protocol: "http",
      maxNetworkRetries: 1,
    });
    await kit.control("/_emulator/faults", { status: 500, count: 1, path_prefix: "/v1/balance" });
    const balance = await retrying.balance.retrieve();
    expect(balance.object).toBe("balance");
  });

  it("loses the answer of a request it served: a retry under the same key gets the first answer, not a second object", async () => {
    await kit.control("/_emulator/faults", { status: 500, count: 1, path_prefix: "/v1/customers", lose_answer: true });
    const lost = await failure(
      kit.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "k-once" }),
    );
    expect(lost.statusCode).toBe(500);
    const again = await kit.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "k-once" });
    const found = await kit.stripe.customers.list({ email: "once@example.com" });
    expect(found.data.map((c) => c.id)).toEqual([again.id]);
  });
});
