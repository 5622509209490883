import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flows } from "../../sidecar/src/flows/register-flows.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { adminQuery, registerAndSync } from "./customers-harness.js";

interface Report {
  checked: number;
  found: number;
  opened: number;
  cleared: number;
}
interface DriftRow {
  id: string;
  field: string;
  status: string;
  nopValue: unknown;
  stripeValue: unknown;
  clearedAt: string | null;
}

const runCheck = async (t: SandboxSidecar) =>
  (
    await adminQuery<{ checkCustomerDrift: Report }>(
      t,
      "mutation { checkCustomerDrift { checked found opened cleared } }",
    )
  ).checkCustomerDrift;

const driftsOf = async (t: SandboxSidecar, customerId: string, status?: "OPEN" | "CLEARED") =>
  (
    await adminQuery<{ customerDrifts: { edges: { node: DriftRow }[] } }>(
      t,
      `query($c: ID, $s: CustomerDriftStatus) { customerDrifts(customerId: $c, status: $s, first: 50) {
         edges { node { id field status nopValue stripeValue clearedAt } } } }`,
      { c: customerId, ...(status ? { s: status } : {}) },
    )
  ).customerDrifts.edges
    .map((e) => e.node)
    .sort((a, b) => a.id.localeCompare(b.id));

/** A change made in Stripe while the sidecar's webhook endpoint is disabled: its customer.updated is never sent. */
async function withoutWebhooks(t: SandboxSidecar, change: () => Promise<unknown>) {
  const stripe = t.systems.stripe;
  const { data: endpoints } = await stripe.webhookEndpoints.list({ limit: 100 });
  for (const e of endpoints) await stripe.webhookEndpoints.update(e.id, { disabled: true });
  try {
    await change();
  } finally {
    for (const e of endpoints) await stripe.webhookEndpoints.update(e.id, { disabled: false });
  }
}

describe.each(backends)("the customers drift check on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };
  beforeAll(async () => {
    t = await startWithFlows(backend, { customers: { driftCheckEveryMs: 0 } });
  });
  afterAll(() => t?.close());

  const nopCustomer = (id: number) => t.sandbox.nop.customers().find((c) => c.id === id)!;
  /** The link is stored once Stripe has answered the create, a moment after the customer exists there; the check walks linked customers only. */
  const linked = (guid: string) =>
    waitFor(async () => (await t.flows.customers.view.byGuid(guid))?.stripeCustomerId ?? undefined);

  it("finds a Stripe change whose webhook never arrived, brings it across, and clears it on the next run", async () => {
    const { nop, stripe } = await registerAndSync(t, "drift-missed@example.com");
    const guid = nop.customerGuid.toLowerCase();
    await linked(guid);
    await withoutWebhooks(t, () =>
      t.systems.stripe.customers.update(stripe.id, { name: "Ada King", phone: "+1 212 555 0199" }),
    );
    await t.sandbox.stripe.whenDeliveriesIdle();
    await new Promise((r) => setTimeout(r, 500));
    expect(nopCustomer(nop.id).lastName).toBe("Lovelace"); // nothing told the sidecar
    expect(await driftsOf(t, guid)).toEqual([]);

    const first = await runCheck(t);
    expect(first.opened).toBeGreaterThanOrEqual(2);
    const open = await driftsOf(t, guid, "OPEN");
    expect(open.map((d) => [d.id, d.nopValue, d.stripeValue])).toEqual([
      [`cusdrift:${guid}:name`, "Ada Lovelace", "Ada King"],
      [`cusdrift:${guid}:phone`, "+1 212 555 0100", "+1 212 555 0199"],
    ]);
    // Made good by the sync's policy (name and phone: newest, changed in Stripe only): nopCommerce takes them.
    await waitFor(() => (nopCustomer(nop.id).lastName === "King" ? true : undefined));
    expect(nopCustomer(nop.id).phone).toBe("+1 212 555 0199");

    const second = await runCheck(t);
    expect(second.cleared).toBeGreaterThanOrEqual(2);
    const cleared = await driftsOf(t, guid);
    expect(cleared.map((d) => [d.id, d.status])).toEqual([
      [`cusdrift:${guid}:name`, "CLEARED"],
      [`cusdrift:${guid}:phone`, "CLEARED"],
    ]);
    expect(cleared.every((d) => d.clearedAt !== null)).toBe(true);
  });

  it("a difference that stays is the same row on every run, opened once", async () => {
    const { nop, stripe } = await registerAndSync(t, "drift-gone@example.com");
    const guid = nop.customerGuid.toLowerCase();
    await linked(guid);
    await t.systems.stripe.customers.del(stripe.id);

    await runCheck(t);
    const before = await driftsOf(t, guid, "OPEN");
    expect(before.map((d) => [d.id, d.nopValue, d.stripeValue])).toEqual([
      [`cusdrift:${guid}:customer`, "present", "missing"],
    ]);
    const again = await runCheck(t);
    expect(await driftsOf(t, guid)).toEqual(before);
    expect(again.found).toBeGreaterThanOrEqual(1);
    expect(again.opened).toBe(0); // still open, not counted as new
    expect((await driftsOf(t, guid, "OPEN")).map((d) => d.id)).toEqual([`cusdrift:${guid}:customer`]);
  });

  it("customers in step show nothing", async () => {
    const { nop } = await registerAndSync(t, "drift-none@example.com");
    await linked(nop.customerGuid.toLowerCase());
    await runCheck(t);
    expect(await driftsOf(t, nop.customerGuid.toLowerCase())).toEqual([]);
  });
});

describe.each(backends)("the scheduled customers drift check on $name", (backend) => {
  let t: SandboxSidecar & { flows: Flows };
  beforeAll(async () => {
    t = await startWithFlows(backend, { customers: { driftCheckEveryMs: 1_000 } });
  });
  afterAll(() => t?.close());

  it("runs by itself and brings a missed Stripe change to nopCommerce", async () => {
    const { nop, stripe } = await registerAndSync(t, "drift-scheduled@example.com");
    await withoutWebhooks(t, () => t.systems.stripe.customers.update(stripe.id, { name: "Ada Byron" }));
    await waitFor(
      () => (t.sandbox.nop.customers().find((c) => c.id === nop.id)?.lastName === "Byron" ? true : undefined),
      { timeoutMs: 20_000 },
    );
    const rows = await t.flows.customers.view.drifts({ customerGuid: nop.customerGuid, limit: 10 });
    expect(rows.map((d) => d.field)).toEqual(["name"]);
  });
});
