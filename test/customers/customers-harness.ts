import type { BridgeEnvelope } from "@nop-stripe/contract/bridge-envelope.js";
import type Stripe from "stripe";
import { bearer } from "../support/api-tokens.js";
import type { SandboxSidecar } from "../support/sandbox-sidecar.js";
import { bridgeHeaders } from "../support/signing.js";
import { waitFor } from "../support/wait-for.js";

/** Every Stripe customer the emulator holds, through the official client's pagination. */
export async function stripeCustomers(stripe: Stripe): Promise<Stripe.Customer[]> {
  const all: Stripe.Customer[] = [];
  for await (const customer of stripe.customers.list({ limit: 100 })) all.push(customer);
  return all;
}

/** The Stripe customers made for one nopCommerce customer. */
export async function stripeCustomersOf(stripe: Stripe, customerGuid: string): Promise<Stripe.Customer[]> {
  return (await stripeCustomers(stripe)).filter((c) => c.metadata.nop_customer_guid === customerGuid.toLowerCase());
}

/** Posts a bridge envelope again, signed as the plugin signs it (a redelivery). */
export async function redeliver(t: SandboxSidecar, envelope: BridgeEnvelope): Promise<number> {
  const body = JSON.stringify(envelope);
  const res = await fetch(`${t.url}/bridge/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...bridgeHeaders(envelope.id, body, { secret: t.sandbox.bridgeSecret }),
    },
    body,
  });
  return res.status;
}

/** The customer events the simulated store has sent of one customer. */
export const customerEnvelopes = (t: SandboxSidecar, customerId: number) =>
  t.sandbox.nop.outbox
    .emitted()
    .filter(
      (e) => e.type.startsWith("customer.") && (e.payload as { customer?: { id: number } }).customer?.id === customerId,
    );

/** A deterministic shuffle (so a failure can be replayed). */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The customer edits their details in Stripe's billing portal (customer.updated with no API request behind it). */
export async function portalUpdate(t: SandboxSidecar, customerId: string, changes: Record<string, unknown>) {
  const res = await fetch(`${t.sandbox.stripe.url}/_emulator/customers/${customerId}/portal_update`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(changes),
  });
  const customer = (await res.json()) as Stripe.Customer;
  if (!customer.id) throw new Error(`the emulator refused: ${JSON.stringify(customer)}`);
  return customer;
}

/** customer.updated events of one Stripe customer: every update made to it, by anyone. */
export async function stripeUpdatesOf(stripe: Stripe, customerId: string): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ type: "customer.updated", limit: 100 }))
    if ((event.data.object as Stripe.Customer).id === customerId) all.push(event);
  return all;
}

/** The write-backs nopCommerce applied to one customer (each raises customer.updated with origin stripe). */
export const nopWriteBacksOf = (t: SandboxSidecar, customerId: number) =>
  customerEnvelopes(t, customerId).filter(
    (e) => (e.payload as { origin?: { system: string } }).origin?.system === "stripe",
  );

/** A GraphQL request with the admin token; errors thrown with their messages. */
export async function adminQuery<T>(t: SandboxSidecar, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(t.adminToken) },
    body: JSON.stringify({ query, variables }),
  });
  const { data, errors } = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (errors) throw new Error(errors.map((e) => e.message).join("; "));
  return data as T;
}

/** Registers a customer in the store and waits for the Stripe customer its customer.registered makes. */
export async function registerAndSync(t: SandboxSidecar, email: string) {
  const nop = t.sandbox.nop.registerCustomer({
    email,
    firstName: "Ada",
    lastName: "Lovelace",
    phone: "+1 212 555 0100",
  });
  const [stripe] = await waitFor(async () => {
    const found = await stripeCustomersOf(t.systems.stripe, nop.customerGuid);
    return found.length > 0 ? found : undefined;
  });
  await t.sandbox.nop.outbox.idle();
  return { nop, stripe: stripe! };
}
