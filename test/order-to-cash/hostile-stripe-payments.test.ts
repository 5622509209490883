// Payments the store cannot account for: an amount Stripe could not have sent (stored as delivered, refused by
// the flow at once with the reason, never retried as if transient), and money received for an order nopCommerce
// never described (a mismatch and a critical alert once the grace time has passed).
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { waitFor } from "../support/wait-for.js";
import { type O2cHarness, startO2c } from "./o2c-harness.js";

describe.each(backends)("payments the store cannot account for, on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend, { unknownOrderAlertAfterMs: 200 });
  });
  afterAll(() => t?.close());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(t.adminToken) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  it("stores a signed event with an impossible amount, then dead-letters it at once with the field named", async () => {
    const guid = randomUUID();
    const intent = {
      id: `pi_${randomBytes(12).toString("hex")}`,
      object: "payment_intent",
      status: "succeeded",
      capture_method: "automatic",
      currency: "usd",
      amount: 1999,
      amount_capturable: 0,
      amount_received: 1e20,
      latest_charge: null,
      metadata: { nop_order_guid: guid },
    };
    const body = JSON.stringify(stripeEvent({ object: intent }));
    const res = await fetch(`${t.url}/webhooks/stripe`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": stripeSignature(body, { secret: t.sidecar.secrets.stripeWebhookSecrets()[0]! }),
      },
      body,
    });
    expect(res.status).toBe(200); // genuinely signed: stored, or Stripe would redeliver it for days
    const { inboxId } = (await res.json()) as { inboxId: string };

    const dead = await waitFor(() => t.sidecar.db.prisma.deadLetter.findFirst({ where: { inboxEventId: inboxId } }));
    expect(dead.error).toContain("data.object.amount_received: is larger than any amount Stripe can hold");
    expect(dead.suggestion).toContain("Stripe does not send such an object");
    expect(dead.suggestion).toContain("Replaying fails the same way");
    expect(dead.attempts).toHaveLength(1); // permanent: not retried
    const stored = await t.sidecar.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: inboxId } });
    expect(stored.status).toBe("dead");
    expect(await t.sidecar.db.prisma.orderToCashPayment.count({ where: { paymentIntentId: intent.id } })).toBe(0);
  });

  it("shows money received for an order nopCommerce never described as a mismatch, and alerts once", async () => {
    const guid = randomUUID();
    const intent = await t.systems.stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { nop_order_guid: guid },
    });
    expect(intent.status).toBe("succeeded");

    const alert = await waitFor(() => t.alerts.find((a) => a.code === "order_to_cash.payment_for_unknown_order"));
    expect(alert.message).toBe(
      `Stripe ${intent.id} holds USD 42.00 for order ${guid}, which nopCommerce has not described`,
    );

    type View = { id: string; paymentStatus: string | null; mismatches: string[] };
    const mismatched = async (graceMinutes: number) =>
      (
        await gql<{ orders: { edges: { node: View }[] } }>(
          `query($grace: Int!) { orders(mismatch: true, mismatchAfterMinutes: $grace, first: 200) {
             edges { node { id paymentStatus mismatches } } } }`,
          { grace: graceMinutes },
        )
      ).orders.edges.map((e) => e.node);
    expect(await mismatched(5)).toEqual([]); // within the grace time its order.placed may still come
    expect(await mismatched(0)).toEqual([{ id: guid, paymentStatus: null, mismatches: ["stripe_paid_order_unknown"] }]);

    // Another event about the same payment does not alert again.
    await t.flow.advance(guid);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(t.alerts.filter((a) => a.code === "order_to_cash.payment_for_unknown_order")).toHaveLength(1);
  });
});
