import { createHash } from "node:crypto";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { FieldOwnership } from "../../domain/customers/field-ownership.js";
import { eventKey } from "../../flow-kit/action-key.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { CustomersPort, StripeCustomerFields } from "../../ports/stripe.js";
import type { CustomerAction } from "./customer-actions.js";
import { customerKey } from "./customer-actions.js";
import type { CustomerState, CustomersStore, NopCustomerVersion, StripeCustomerLink } from "./customers-store.js";
import { nopChangesOf } from "./nop-customer-changes.js";
import { planSync, type SyncPlan } from "./plan-sync.js";
import { type LinkMaker, stripeAnswer } from "./stripe-customer-links.js";
import { stripeValuesOf, syncMarkerKey } from "./stripe-customer-values.js";

type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export interface ExecutorPorts {
  customers: Pick<CustomersPort, "retrieve" | "update">;
  nop: Pick<NopPort, "updateCustomer" | "getCustomer">;
  store: CustomersStore;
  links: Pick<LinkMaker, "make">;
  ownership: FieldOwnership;
  call: Call;
  nopCall: Call;
}

const fieldsOf = ({ metadata: _, ...fields }: ReturnType<typeof stripeValuesOf>): StripeCustomerFields => fields;

/** One method per action: the other systems under the action's key, then the change stored with its log entry. */
export class CustomerActionExecutor {
  constructor(private readonly ports: ExecutorPorts) {}

  readonly execute = async (action: CustomerAction, state: CustomerState): Promise<CustomerState> => {
    const nop = state.nop;
    if (!nop) return state; // the plan asks for nothing without nop's description
    switch (action.kind) {
      case "create":
        return this.create(state, nop);
      case "sync":
        return state.link ? this.sync(state, nop, state.link) : state;
    }
  };

  /** The Stripe customer with the values of this version: in sync at that version unless a newer one comes. */
  private async create(state: CustomerState, nop: NopCustomerVersion): Promise<CustomerState> {
    const { customer, version } = nop;
    const values = stripeValuesOf(customer, version);
    const made = await this.ports.links.make({
      customerGuid: state.customerGuid,
      nopCustomerId: customer.id,
      storeId: customer.registeredInStoreId,
      values,
      version,
    });
    const { version: madeFrom, ...link } = made;
    if (madeFrom === null) return { ...state, link }; // made for an order: the sync brings nop's values
    const merged = fieldsOf(values);
    await this.ports.store.saveSync(
      state.customerGuid,
      { version: madeFrom, merged, stripeSeenAt: null, conflicts: [] },
      {
        key: customerKey(state.customerGuid, "sync", String(madeFrom)),
        aggregate: state.customerGuid,
        kind: "action",
        name: "sync",
        detail: { version: madeFrom },
      },
    );
    return { ...state, link, pushedVersion: madeFrom, synced: merged };
  }

  /**
   * Both sides field by field against what they last agreed on (plan-sync.ts): Stripe gets nop's winners, nop gets
   * Stripe's through the updateCustomer write-back (origin stripe, expectedVersion: a customer changed meanwhile is
   * read again and the sync planned anew). Our own Stripe update carries a marker, so its customer.updated is
   * known as ours; the write-back's customer.updated carries its origin: neither comes back.
   */
  private async sync(state: CustomerState, nop: NopCustomerVersion, link: StripeCustomerLink): Promise<CustomerState> {
    const guid = state.customerGuid;
    const stripe = stripeAnswer(
      await this.ports.call("read the customer", () => this.ports.customers.retrieve(link.stripeCustomerId)),
      `customer ${link.stripeCustomerId}`,
    );
    const nopAt = Date.parse(nop.customer.updatedOnUtc ?? "") || 0;
    const plan = planSync(fieldsOf(stripeValuesOf(nop.customer, null)), stripe, state.synced, this.ports.ownership, {
      nopAt,
      stripeAt: state.stripeChangedAt ?? 0,
    });
    const key = customerKey(guid, "sync", String(nop.version), digest(plan));
    let version = nop.version;
    if (Object.keys(plan.toNop).length > 0) {
      const written = await this.writeBack(state, nop, plan, key);
      if (written === "stale") return (await this.ports.store.load(guid)) ?? state;
      version = written;
    }
    if (Object.keys(plan.toStripe).length > 0)
      stripeAnswer(
        await this.ports.call("update the customer", () =>
          this.ports.customers.update(
            link.stripeCustomerId,
            { ...plan.toStripe, metadata: { [syncMarkerKey]: key } },
            key,
          ),
        ),
        `customer ${link.stripeCustomerId}`,
      );
    const conflicts = plan.conflicts.map((c) => ({ ...c, policy: this.ports.ownership[c.field] }));
    await this.ports.store.saveSync(
      guid,
      { version, merged: plan.merged, stripeSeenAt: state.stripeChangedAt, conflicts },
      {
        key,
        aggregate: guid,
        kind: "action",
        name: "sync",
        detail: {
          version,
          toStripe: Object.keys(plan.toStripe),
          toNop: Object.keys(plan.toNop),
          conflicts: conflicts.map((c) => c.field),
        },
      },
    );
    return (await this.ports.store.load(guid)) ?? state;
  }

  /** The new nop version, or "stale": nop changed since the version we planned with (it is recorded now). */
  private async writeBack(
    state: CustomerState,
    nop: NopCustomerVersion,
    plan: SyncPlan,
    key: string,
  ): Promise<number | "stale"> {
    const guid = state.customerGuid;
    const result = await this.ports.nopCall("write Stripe's changes to the customer", () =>
      this.ports.nop.updateCustomer(
        {
          customerId: nop.customer.id,
          expectedVersion: nop.version,
          origin: { system: "stripe", reference: key },
          changes: nopChangesOf(plan.toNop, nop.customer),
        },
        { requestId: key },
      ),
    );
    if (result.ok) {
      const customer = result.value.customer;
      const version = customer.version ?? nop.version;
      await this.ports.store.recordNop({ customer, version }, this.entry(guid, "written", version), { inStripe: true });
      return version;
    }
    if (!("rule" in result.error) || result.error.rule !== "CustomerVersionIsCurrent")
      throw new PermanentError(`customer ${nop.customer.id}: ${result.error.message}`, {
        code: "nop_customer_write_back_refused",
        system: "nop",
        value: nop.customer.id,
        suggestion: "compare the customer in nopCommerce and Stripe and correct one of them",
      });
    const fresh = await this.ports.nopCall("read the customer", () =>
      this.ports.nop.getCustomer({ customerId: nop.customer.id }),
    );
    if (!fresh.ok) throw new PermanentError(`customer ${nop.customer.id}: ${fresh.error.message}`);
    const customer = fresh.value.customer;
    await this.ports.store.recordNop(
      { customer, version: customer.version ?? nop.version },
      this.entry(guid, "reread", customer.version ?? 0),
    );
    return "stale";
  }

  private entry(guid: CustomerState["customerGuid"], what: string, version: number) {
    return {
      key: eventKey("nop", `${guid}:${what}:${version}`),
      aggregate: guid,
      kind: "event" as const,
      name: `customer.${what}`,
      detail: { version },
    };
  }
}

/** A short digest of what a sync sends, so a different sync of the same version has a different key. */
const digest = (plan: SyncPlan) =>
  createHash("sha256")
    .update(JSON.stringify([plan.toStripe, plan.toNop]))
    .digest("hex")
    .slice(0, 12);
