import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { adminQuery, stripeCustomers } from "./customers-harness.js";

const count = 1000;

describe.each(backends)("customers backfill on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };

  beforeAll(async () => {
    t = await startWithFlows(backend);
    // Customers who registered before the plugin was installed: no events, only the backfill finds them.
    for (let i = 0; i < count; i++)
      t.sandbox.nop.registerCustomer(
        { email: `backfill-${i}@example.com`, firstName: "Back", lastName: `Fill ${i}` },
        { silent: true },
      );
  });
  afterAll(() => t?.close());

  it("a 1,000-customer backfill interrupted halfway and resumed creates each Stripe customer once", async () => {
    const registered = t.sandbox.nop.customers().filter((c) => c.customerRoleSystemNames.includes("Registered"));
    const stop = new AbortController();
    const first = await t.flows.customers.backfill({
      perSecond: 1000, // the limit is the bench's business; here, that it is resumable and exact
      pageSize: 100,
      signal: stop.signal,
      // Halfway and mid-page: as a crash would, with a page under way.
      onProgress: ({ processed }) => processed >= count / 2 + 50 && stop.abort(),
    });
    expect(first.finished).toBe(false);
    expect(first.nextPageIndex).toBe(5);
    const halfway = (await stripeCustomers(t.systems.stripe)).length;
    expect(halfway).toBeGreaterThanOrEqual(count / 2 + 50);
    expect(halfway).toBeLessThan(registered.length);

    const resumed = await t.flows.customers.backfill({ perSecond: 1000, pageSize: 100 });
    expect(resumed).toMatchObject({ finished: true, processed: registered.length, totalCount: registered.length });

    const made = await stripeCustomers(t.systems.stripe);
    const byGuid = new Map<string, number>();
    for (const c of made)
      byGuid.set(c.metadata.nop_customer_guid!, (byGuid.get(c.metadata.nop_customer_guid!) ?? 0) + 1);
    expect(made).toHaveLength(registered.length);
    expect([...byGuid.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(byGuid.keys())).toEqual(new Set(registered.map((c) => c.customerGuid.toLowerCase())));
    const sample = made.find((c) => c.email === "backfill-7@example.com");
    expect(sample).toMatchObject({ name: "Back Fill 7", address: { country: "US", postal_code: "10001" } });
  }, 240_000);

  it("an admin starts a backfill from GraphQL; it runs as a job and makes no customer twice", async () => {
    const before = (await stripeCustomers(t.systems.stripe)).length;
    await adminQuery(t, `mutation { startCustomerBackfill(name: "from-graphql", pageSize: 200) }`);
    const done = await waitFor(
      async () => {
        const { customerBackfill } = await adminQuery<{
          customerBackfill: { finished: boolean; processed: number } | null;
        }>(t, `{ customerBackfill(name: "from-graphql") { finished processed } }`);
        return customerBackfill?.finished ? customerBackfill : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(done.processed).toBe(before);
    expect((await stripeCustomers(t.systems.stripe)).length).toBe(before);
    await expect(adminQuery(t, `mutation { startCustomerBackfill(pageSize: 0) }`)).rejects.toThrow(/pageSize/);
  }, 120_000);
});
