import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { type SandboxSidecar, startSandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";

describe.each(backends)("sandbox wiring on $name", (backend) => {
  let t: SandboxSidecar;
  beforeAll(async () => {
    t = await startSandboxSidecar(backend);
  });
  afterAll(() => t?.close());

  it("a payment in the Stripe emulator reaches the sidecar's inbox as a verified webhook", async () => {
    const intent = await t.systems.stripe.paymentIntents.create({
      amount: 2599,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(intent.status).toBe("succeeded");
    const stored = await waitFor(() =>
      t.sidecar.db.prisma.inboxEvent.findFirst({
        where: {
          source: "stripe",
          type: "payment_intent.succeeded",
          payload: { path: ["data", "object", "id"], equals: intent.id },
        },
      }),
    );
    expect(stored.payload).toMatchObject({ data: { object: { id: intent.id, amount: 2599, currency: "eur" } } });
  });

  it("an order placed in the nopCommerce simulator reaches the inbox as a verified bridge event", async () => {
    const placed = t.sandbox.nop.placeOrder();
    const stored = await waitFor(() =>
      t.sidecar.db.prisma.inboxEvent.findFirst({
        where: {
          source: "bridge",
          type: "order.placed",
          payload: { path: ["payload", "order", "id"], equals: placed.id },
        },
      }),
    );
    expect(stored.payload).toMatchObject({
      type: "order.placed",
      contractVersion: "1.3",
      payload: { order: { orderGuid: placed.orderGuid } },
    });
  });
});
