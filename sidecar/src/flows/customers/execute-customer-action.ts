import type { CustomersPort } from "../../ports/stripe.js";
import type { CustomerAction } from "./customer-actions.js";
import { customerKey } from "./customer-actions.js";
import type { CustomerState, CustomersStore, NopCustomerVersion } from "./customers-store.js";
import { type LinkMaker, stripeAnswer } from "./stripe-customer-links.js";
import { stripeValuesOf } from "./stripe-customer-values.js";

export interface ExecutorPorts {
  customers: Pick<CustomersPort, "update">;
  store: CustomersStore;
  links: Pick<LinkMaker, "make">;
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

/** One method per action: Stripe under the action's key, then the change stored with its log entry. */
export class CustomerActionExecutor {
  constructor(private readonly ports: ExecutorPorts) {}

  readonly execute = async (action: CustomerAction, state: CustomerState): Promise<CustomerState> => {
    const nop = state.nop;
    if (!nop) return state; // the plan asks for nothing without nop's description
    switch (action.kind) {
      case "create":
        return this.create(state, nop);
      case "push":
        return this.push(state, nop);
    }
  };

  /** The Stripe customer with the values of this version: nothing is left to push unless a newer one comes. */
  private async create(state: CustomerState, nop: NopCustomerVersion): Promise<CustomerState> {
    const { customer, version } = nop;
    const made = await this.ports.links.make({
      customerGuid: state.customerGuid,
      nopCustomerId: customer.id,
      storeId: customer.registeredInStoreId,
      values: stripeValuesOf(customer, version),
      version,
    });
    const { version: madeFrom, ...link } = made;
    if (madeFrom !== null) await this.markPushed(state, madeFrom);
    return { ...state, link, pushedVersion: madeFrom ?? state.pushedVersion };
  }

  private async push(state: CustomerState, nop: NopCustomerVersion): Promise<CustomerState> {
    const link = state.link;
    if (!link) return state;
    const key = customerKey(state.customerGuid, "push", String(nop.version));
    stripeAnswer(
      await this.ports.call("update the customer", () =>
        this.ports.customers.update(link.stripeCustomerId, stripeValuesOf(nop.customer, nop.version), key),
      ),
      `customer ${link.stripeCustomerId}`,
    );
    await this.markPushed(state, nop.version, key);
    return { ...state, pushedVersion: nop.version };
  }

  private markPushed(
    state: CustomerState,
    version: number,
    key = customerKey(state.customerGuid, "push", String(version)),
  ) {
    return this.ports.store.markPushed(state.customerGuid, version, {
      key,
      aggregate: state.customerGuid,
      kind: "action",
      name: "push",
      detail: { version },
    });
  }
}
