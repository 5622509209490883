import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { customerEnvelopes, redeliver, registerAndSync, shuffled, stripeCustomersOf } from "./customers-harness.js";

describe.each(backends)("customers, nopCommerce -> Stripe, on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };

  beforeAll(async () => {
    t = await startWithFlows(backend);
  });
  afterAll(() => t?.close());

  it("a registered customer becomes one Stripe customer with standardized addresses and its metadata", async () => {
    const { nop, stripe: customer } = await registerAndSync(t, "ada@example.com");
    expect(customer).toMatchObject({
      email: "ada@example.com",
      name: "Ada Lovelace",
      phone: "+1 212 555 0100",
      address: { country: "US", state: "NY", postal_code: "10001", city: "New York", line1: "1 Main Street" },
      metadata: {
        nop_customer_id: String(nop.id),
        nop_customer_guid: nop.customerGuid.toLowerCase(),
        nop_store_id: "1",
      },
    });
  });

  it("duplicated and shuffled customer events settle on the newest version, one Stripe customer", async () => {
    const nop = t.sandbox.nop.registerCustomer({ email: "grace@example.com", firstName: "Grace", lastName: "Hopper" });
    for (const lastName of ["Brewster", "Murray", "Hopper-Murray"]) t.sandbox.nop.updateCustomer(nop.id, { lastName });
    await t.sandbox.nop.outbox.idle();
    const events = customerEnvelopes(t, nop.id);
    expect(events).toHaveLength(4);
    // Each event twice more, in a shuffled order: late and duplicated deliveries of what was already sent.
    for (const envelope of shuffled([...events, ...events])) expect(await redeliver(t, envelope)).toBe(200);
    const [customer, ...others] = await waitFor(async () => {
      const found = await stripeCustomersOf(t.systems.stripe, nop.customerGuid);
      return found[0]?.name === "Grace Hopper-Murray" ? found : undefined;
    });
    expect(others).toEqual([]);
    // Nothing older overwrites it afterwards.
    await new Promise((r) => setTimeout(r, 300));
    const again = await t.systems.stripe.customers.retrieve(customer!.id);
    expect(again).toMatchObject({ name: "Grace Hopper-Murray" });
  });

  it("guests are never sent to Stripe by their events", async () => {
    const order = t.sandbox.nop.placeOrder({ email: "guest@example.com" });
    t.sandbox.nop.updateCustomer(order.customerId, { firstName: "Guest" });
    await t.sandbox.nop.outbox.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(await stripeCustomersOf(t.systems.stripe, order.customer.customerGuid)).toEqual([]);
  });

  it("two concurrent first orders of one new customer name one Stripe customer, never found by search", async () => {
    // A customer with no customer event yet (a guest's first visit), so only the two orders race for the link.
    const first = t.sandbox.nop.placeOrder({ email: "twice@example.com" });
    const orders = [1, 2].map(() => t.sandbox.nop.placeOrder({ customerId: first.customerId }));
    const intents = await Promise.all(
      orders.map((o) => t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: o.id })),
    );
    const customers = await Promise.all(
      intents.map(async (i) => (await t.systems.stripe.paymentIntents.retrieve(i.paymentIntentId)).customer),
    );
    const made = await stripeCustomersOf(t.systems.stripe, first.customer.customerGuid);
    expect(made).toHaveLength(1);
    expect(customers).toEqual([made[0]!.id, made[0]!.id]);
    // A later order of the customer names the same one, from the link.
    const later = t.sandbox.nop.placeOrder({ customerId: first.customerId });
    const intent = await t.flows.orderToCash.createPaymentIntent.forOrder({ nopOrderId: later.id });
    expect((await t.systems.stripe.paymentIntents.retrieve(intent.paymentIntentId)).customer).toBe(made[0]!.id);
  });
});
