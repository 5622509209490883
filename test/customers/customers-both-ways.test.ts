import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { adminQuery, nopWriteBacksOf, portalUpdate, registerAndSync, stripeUpdatesOf } from "./customers-harness.js";

const settle = () => new Promise((r) => setTimeout(r, 1500));

describe.each(backends)("customers, both ways, on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };

  beforeAll(async () => {
    t = await startWithFlows(backend);
  });
  afterAll(() => t?.close());

  const registered = (email: string) => registerAndSync(t, email);

  const nopCustomer = (id: number) => t.sandbox.nop.customers().find((c) => c.id === id)!;

  it("a billing-portal edit reaches nopCommerce once, and nothing comes back to Stripe", async () => {
    const { nop, stripe } = await registered("portal@example.com");
    const before = (await stripeUpdatesOf(t.systems.stripe, stripe.id)).length;
    await portalUpdate(t, stripe.id, {
      name: "Ada King",
      phone: "+1 212 555 0199",
      shipping: {
        name: "Ada King",
        address: { line1: "12 St James's Square", city: "London", postal_code: "sw1y4jh", country: "GB" },
      },
    });
    await waitFor(() => (nopCustomer(nop.id).lastName === "King" ? true : undefined));
    await settle();
    const customer = nopCustomer(nop.id);
    expect(customer).toMatchObject({ firstName: "Ada", lastName: "King", phone: "+1 212 555 0199" });
    expect(customer.shippingAddress).toMatchObject({ city: "London", countryCode: "GB", zipPostalCode: "SW1Y 4JH" });
    expect(nopWriteBacksOf(t, nop.id)).toHaveLength(1);
    // The portal's own edit, and our standardization of its postal code at most; never a loop.
    const updates = (await stripeUpdatesOf(t.systems.stripe, stripe.id)).length - before;
    expect(updates).toBeLessThanOrEqual(2);
    await settle();
    expect((await stripeUpdatesOf(t.systems.stripe, stripe.id)).length - before).toBe(updates);
    expect(nopWriteBacksOf(t, nop.id)).toHaveLength(1);
  });

  it("an e-mail changed in the portal is nopCommerce's by the default policy: Stripe is set back", async () => {
    const { nop, stripe } = await registered("owned@example.com");
    await portalUpdate(t, stripe.id, { email: "elsewhere@example.com" });
    await waitFor(
      async () =>
        ((await t.systems.stripe.customers.retrieve(stripe.id)) as { email: string }).email === "owned@example.com" ||
        undefined,
    );
    await settle();
    expect(nopCustomer(nop.id).email).toBe("owned@example.com");
    expect(nopWriteBacksOf(t, nop.id)).toHaveLength(0);
  });

  it("concurrent edits of one customer on both sides settle by the policy, with no loop, the conflict recorded", async () => {
    const { nop, stripe } = await registered("both@example.com");
    const stripeBefore = (await stripeUpdatesOf(t.systems.stripe, stripe.id)).length;
    // Both change the phone (a conflict: the newest wins), nop also the last name, Stripe also the address. nop's
    // event is held back, so the sidecar learns of nop's change only when its write-back is refused (version).
    t.sandbox.nop.setSidecarUrl(undefined);
    t.sandbox.nop.updateCustomer(nop.id, { lastName: "Byron", phone: "+44 20 7946 0000" });
    await new Promise((r) => setTimeout(r, 1100)); // Stripe's event times are whole seconds
    await portalUpdate(t, stripe.id, {
      phone: "+44 20 7946 0999",
      address: { line1: "1 Main Street", city: "New York", state: "ny", postal_code: "10001", country: "US" },
    });
    await waitFor(() => (nopCustomer(nop.id).phone === "+44 20 7946 0999" ? true : undefined), { timeoutMs: 20_000 });
    t.sandbox.nop.setSidecarUrl(t.url);
    const settled = async () => {
      const s = (await t.systems.stripe.customers.retrieve(stripe.id)) as { name: string; phone: string };
      const n = nopCustomer(nop.id);
      return s.name === "Ada Byron" &&
        s.phone === "+44 20 7946 0999" &&
        n.phone === "+44 20 7946 0999" &&
        n.lastName === "Byron"
        ? true
        : undefined;
    };
    await waitFor(settled, { timeoutMs: 20_000 });
    await settle();
    const writeBacks = nopWriteBacksOf(t, nop.id).length;
    const stripeUpdates = (await stripeUpdatesOf(t.systems.stripe, stripe.id)).length - stripeBefore;
    await settle();
    // Quiet: no more write-backs, no more Stripe updates.
    expect(nopWriteBacksOf(t, nop.id).length).toBe(writeBacks);
    expect((await stripeUpdatesOf(t.systems.stripe, stripe.id)).length - stripeBefore).toBe(stripeUpdates);
    expect(writeBacks).toBeGreaterThanOrEqual(1);
    expect(writeBacks).toBeLessThanOrEqual(2);
    expect(stripeUpdates).toBeLessThanOrEqual(3);
    expect(await settled()).toBe(true);
    const { rows } = await t.sidecar.db.sql.query(
      `SELECT field, winner, policy FROM "CustomerConflict" WHERE "customerGuid" = $1`,
      [nop.customerGuid.toLowerCase()],
    );
    expect(rows).toContainEqual({ field: "phone", winner: "stripe", policy: "newest" });

    // The customer view: both sides, the conflict, and the filter that finds it.
    const { customer, customers } = await adminQuery<{
      customer: {
        stripeCustomerId: string;
        nop: { phone: string };
        synced: { phone: string };
        conflicts: { field: string; winner: string }[];
      };
      customers: { edges: { node: { id: string } }[] };
    }>(
      t,
      `query($id: ID!) { customer(id: $id) { stripeCustomerId nop { phone } synced { phone } conflicts { field winner } }
         customers(withConflicts: true, first: 50) { edges { node { id } } } }`,
      { id: nop.customerGuid },
    );
    expect(customer).toMatchObject({
      stripeCustomerId: stripe.id,
      nop: { phone: "+44 20 7946 0999" },
      synced: { phone: "+44 20 7946 0999" },
    });
    expect(customer.conflicts).toContainEqual({ field: "phone", winner: "stripe" });
    expect(customers.edges.map((e) => e.node.id)).toContain(nop.customerGuid.toLowerCase());
  });
});
