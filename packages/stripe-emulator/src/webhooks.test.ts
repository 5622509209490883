import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startKit, startReceiver, type WebhookReceiver } from "./test-kit.js";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();
const receivers: WebhookReceiver[] = [];

afterEach(async () => {
  kit.emulator.reset();
  kit.emulator.setDeliveryMode({ duplicates: false, shuffle: false, paused: false });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const created = await startReceiver(statuses);
  receivers.push(created);
  return created;
}

function parse(received: WebhookReceiver, secret: string): Stripe.Event[] {
  return received.received.map((r) => Stripe.webhooks.constructEvent(r.body, r.signature, secret));
}

describe("webhook endpoints and delivery", () => {
  it("creates an endpoint with a whsec_ secret and delivers signed, verifiable events", async () => {
    const target = await receiver();
    const endpoint = await kit.stripe.webhookEndpoints.create({ url: target.url, enabled_events: ["*"] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.status).toBe("enabled");
    const again = await kit.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(again.secret).toBeUndefined();

    const intent = await kit.stripe.paymentIntents.create(
      { amount: 2000, currency: "usd", payment_method: "pm_card_visa", confirm: true, metadata: { nop_order_id: "9" } },
      { idempotencyKey: "order-9-pay" },
    );
    await kit.emulator.whenDeliveriesIdle();
    const events = parse(target, endpoint.secret ?? "");
    expect(events.map((e) => e.type)).toEqual([
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
    ]);
    const succeeded = events[2]!;
    expect(succeeded).toMatchObject({ livemode: false, api_version: "2026-10-28.endive", pending_webhooks: 1 });
    expect(succeeded.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: "order-9-pay" });
    expect((succeeded.data.object as Stripe.PaymentIntent).id).toBe(intent.id);
    // The snapshot is taken at event time: created shows the intent before confirmation.
    expect((events[0]!.data.object as Stripe.PaymentIntent).status).toBe("requires_confirmation");
    expect(target.received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const stored = await kit.stripe.events.retrieve(succeeded.id);
    expect(stored.pending_webhooks).toBe(0);
  });

  it("rejects tampered payloads in constructEvent", async () => {
    const target = await receiver();
    const { secret } = kit.emulator.createWebhookEndpoint(target.url, ["customer.created"]);
    await kit.stripe.customers.create({ email: "sig@example.com" });
    await kit.emulator.whenDeliveriesIdle();
    const [first] = target.received;
    expect(() =>
      Stripe.webhooks.constructEvent(first!.body.replace("sig@", "evil@"), first!.signature, secret),
    ).toThrow(/No signatures found matching the expected signature/);
  });

  it("sends only enabled events", async () => {
    const target = await receiver();
    const { secret } = kit.emulator.createWebhookEndpoint(target.url, ["charge.succeeded"]);
    await kit.stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    await kit.emulator.whenDeliveriesIdle();
    expect(parse(target, secret).map((e) => e.type)).toEqual(["charge.succeeded"]);
  });

  it("retries after a 500 with a fresh signature until the receiver accepts", async () => {
    const target = await receiver([500, 503]);
    const { id, secret } = kit.emulator.createWebhookEndpoint(target.url, ["customer.created"]);
    await kit.stripe.customers.create({ email: "retry@example.com" });
    await kit.emulator.whenDeliveriesIdle();
    expect(target.received).toHaveLength(3);
    const events = parse(target, secret);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    const [delivery] = kit.emulator.deliveries().filter((d) => d.endpointId === id);
    expect(delivery?.status).toBe("succeeded");
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
  });

  it("gives up after the retry schedule and reports undelivered events", async () => {
    const target = await receiver([500, 500, 500, 500, 500]);
    kit.emulator.createWebhookEndpoint(target.url, ["customer.created"]);
    const customer = await kit.stripe.customers.create({ email: "never@example.com" });
    await kit.emulator.whenDeliveriesIdle();
    expect(target.received).toHaveLength(4);
    expect(kit.emulator.deliveries()[0]?.status).toBe("failed");
    const undelivered = await kit.stripe.events.list({ delivery_success: false } as Stripe.EventListParams);
    expect(undelivered.data.map((e) => (e.data.object as Stripe.Customer).id)).toEqual([customer.id]);
  });

  it("sends every event twice in duplicate mode", async () => {
    const target = await receiver();
    const { secret } = kit.emulator.createWebhookEndpoint(target.url, ["customer.created"]);
    await kit.control("/_emulator/webhooks/mode", { duplicates: true });
    await kit.stripe.customers.create({ email: "twice@example.com" });
    await kit.emulator.whenDeliveriesIdle();
    const events = parse(target, secret);
    expect(events).toHaveLength(2);
    expect(events[0]!.id).toBe(events[1]!.id);
  });

  it("holds deliveries while paused and shuffles them deterministically", async () => {
    const target = await receiver();
    const { secret } = kit.emulator.createWebhookEndpoint(target.url, ["customer.created"]);
    await kit.control("/_emulator/webhooks/mode", { paused: true });
    const created: string[] = [];
    for (let i = 0; i < 8; i++) created.push((await kit.stripe.customers.create({ name: `shuffled ${i}` })).id);
    await kit.emulator.whenDeliveriesIdle();
    expect(target.received).toHaveLength(0);
    const pending = await kit.control<{ data: Array<{ status: string }> }>("/_emulator/deliveries", {}, "GET");
    expect(pending.data.every((d) => d.status === "pending")).toBe(true);
    await kit.control("/_emulator/webhooks/mode", { shuffle: true, paused: false, seed: 7 });
    await kit.control("/_emulator/webhooks/flush");
    const order = parse(target, secret).map((e) => (e.data.object as Stripe.Customer).id);
    expect([...order].sort()).toEqual([...created].sort());
    expect(order).not.toEqual(created);
  });

  it("lists, updates and deletes endpoints", async () => {
    const endpoint = await kit.stripe.webhookEndpoints.create({
      url: "http://127.0.0.1:9/hook",
      enabled_events: ["payment_intent.succeeded", "charge.refunded"],
    });
    const updated = await kit.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(updated.status).toBe("disabled");
    const list = await kit.stripe.webhookEndpoints.list();
    expect(list.data.map((e) => e.id)).toContain(endpoint.id);
    const deleted = await kit.stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted.deleted).toBe(true);
  });
});

describe("events API", () => {
  it("filters events by type and created", async () => {
    let now = Date.UTC(2026, 2, 1);
    const clocked = await startKit({ clock: () => now });
    try {
      await clocked.stripe.customers.create({ name: "early" });
      now += 60_000;
      const late = await clocked.stripe.customers.create({ name: "late" });
      await clocked.stripe.customers.update(late.id, { metadata: { tier: "gold" } });
      const recent = await clocked.stripe.events.list({ created: { gte: late.created } });
      expect(recent.data.map((e) => e.type)).toEqual(["customer.updated", "customer.created"]);
      const updated = await clocked.stripe.events.list({ type: "customer.updated" });
      expect(updated.data[0]?.data.previous_attributes).toEqual({ metadata: {} });
      const wildcard = await clocked.stripe.events.list({ type: "customer.*" });
      expect(wildcard.data).toHaveLength(3);
    } finally {
      await clocked.close();
    }
  });
});
