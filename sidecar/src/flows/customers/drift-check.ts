import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import { nopCustomerId } from "@nop-stripe/contract/nop-ids.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { CustomerGuid, StripeCustomerId } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { CustomersPort, StripeCustomerFields } from "../../ports/stripe.js";
import type { AdvanceCustomer } from "./advance-customer.js";
import type { CustomersStore } from "./customers-store.js";
import { isRegistered } from "./plan-customer.js";
import { type CustomerDriftFinding, customerDrift, differingFields } from "./plan-drift.js";
import { stripeValuesOf } from "./stripe-customer-values.js";

/** A registered customer with its Stripe customer, and what the flow last stored of it. */
export interface LinkedCustomer {
  customerGuid: CustomerGuid;
  nopCustomerId: number;
  stripeCustomerId: StripeCustomerId;
  nopVersion: number;
  /** The values both sides last agreed on; null: never synced. */
  synced: StripeCustomerFields | null;
}

export interface CustomerDriftStore {
  /** Registered, linked customers after this GUID, by GUID. */
  linked(after: string, limit: number): Promise<LinkedCustomer[]>;
  /**
   * One customer's findings as open rows (the same id again: its values and last-seen time; a cleared one
   * reopens), and its open rows not found again cleared. Counts what opened and what cleared.
   */
  record(customerGuid: CustomerGuid, findings: readonly CustomerDriftFinding[]): Promise<DriftCounts>;
}

export interface DriftCounts {
  opened: number;
  cleared: number;
}

export interface CustomerDriftReport extends DriftCounts {
  checked: number;
  /** Differences found by this run (new or still open). */
  found: number;
}

type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export interface DriftPorts {
  drifts: CustomerDriftStore;
  store: Pick<CustomersStore, "recordNop" | "markStripeChanged">;
  customers: Pick<CustomersPort, "retrieve">;
  nop: Pick<NopPort, "getCustomer">;
  call: Call;
  nopCall: Call;
  advance: Pick<AdvanceCustomer, "run" | "exclusive">;
}

const pageSize = 100;
const fieldsOf = (customer: NopCustomer): StripeCustomerFields => {
  const { metadata: _, ...fields } = stripeValuesOf(customer, null);
  return fields;
};

/**
 * Reads both sides of every linked registered customer now (nopCommerce through the write-back API, Stripe through
 * the official client), a page at a time, and records each field that differs as a row with a deterministic id,
 * so a re-run finds the same row and a difference that went away is cleared. What it read is then recorded like
 * the event that never arrived (a newer nop version, a change in Stripe) and the customer advanced, so the next
 * check finds it cleared.
 */
export async function checkCustomerDrift(ports: DriftPorts): Promise<CustomerDriftReport> {
  const report: CustomerDriftReport = { checked: 0, found: 0, opened: 0, cleared: 0 };
  for (let after = ""; ; ) {
    const page = await ports.drifts.linked(after, pageSize);
    for (const customer of page) {
      const read = await readBoth(ports, customer);
      if (read === undefined) continue;
      const { findings, nop, stripe } = read;
      // Recorded before it is made good, so the rows are there by the time either system shows the repair.
      const counts = await ports.drifts.record(customer.customerGuid, findings);
      report.checked++;
      report.found += findings.length;
      report.opened += counts.opened;
      report.cleared += counts.cleared;
      if (findings.length > 0 && nop && stripe) await makeGood(ports, customer, nop, stripe);
    }
    if (page.length < pageSize) return report;
    after = page.at(-1)!.customerGuid;
  }
}

interface BothSides {
  findings: CustomerDriftFinding[];
  nop: NopCustomer | null;
  stripe: StripeCustomerFields | null;
}

/** Both sides and their differences; undefined: no longer a registered customer in nopCommerce, not ours. */
async function readBoth(ports: DriftPorts, linked: LinkedCustomer): Promise<BothSides | undefined> {
  const guid = linked.customerGuid;
  // Read under the customer's lock, so a sync under way is not taken for a difference.
  const [nopRead, stripeRead] = await ports.advance.exclusive(guid, () =>
    Promise.all([
      ports.nopCall("read the customer", () =>
        ports.nop.getCustomer({ customerId: nopCustomerId(linked.nopCustomerId) }),
      ),
      ports.call("read the customer", () => ports.customers.retrieve(linked.stripeCustomerId)),
    ]),
  );
  const nop = nopRead.ok ? nopRead.value.customer : null;
  if (nop && !isRegistered(nop.customerRoleSystemNames)) return undefined;
  const stripe = stripeRead.ok ? stripeRead.value : null;
  return { findings: customerDrift(guid, nop && fieldsOf(nop), stripe), nop, stripe };
}

/** Records what the missed events would have said, then advances the customer: the sync's policy decides. */
async function makeGood(ports: DriftPorts, linked: LinkedCustomer, nop: NopCustomer, stripe: StripeCustomerFields) {
  const guid = linked.customerGuid;
  const at = Date.now();
  const entry = (source: "nop" | "stripe", name: string, detail: Record<string, unknown>) => ({
    key: eventKey(source, `${guid}:drift-check:${at}`),
    aggregate: guid,
    kind: "event" as const,
    name,
    detail: { ...detail, foundBy: "drift-check" },
  });
  if (nop.version && nop.version > linked.nopVersion)
    await ports.store.recordNop(
      { customer: nop, version: nop.version },
      entry("nop", "customer.updated", { version: nop.version }),
    );
  // Stripe has no change time: a change found only by the check counts as made when it was found.
  if (linked.synced && differingFields(stripe, linked.synced).length > 0)
    await ports.store.markStripeChanged(guid, at, entry("stripe", "customer.updated", {}));
  await ports.advance.run(guid);
}
