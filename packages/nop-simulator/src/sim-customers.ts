import { randomUUID } from "node:crypto";
import type { NopAddress, NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { NopCustomerId } from "@nop-stripe/contract/nop-ids.js";
import { notFound, type OpResult, ok } from "./op-result.js";
import { type Page, pageOf } from "./sim-catalog.js";
import type { SimState } from "./sim-state.js";

export interface CustomerInput {
  email: string;
  firstName?: string;
  lastName?: string;
  company?: string | null;
  phone?: string | null;
  countryCode?: string;
  city?: string;
}

export const isRegistered = (c: NopCustomer) => c.customerRoleSystemNames.includes("Registered");

export function makeAddress(state: SimState, from: Partial<NopAddress> & { email: string | null }): NopAddress {
  return {
    id: state.nextId("Address"),
    firstName: from.firstName ?? "Jane",
    lastName: from.lastName ?? "Doe",
    email: from.email,
    company: from.company ?? null,
    countryCode: from.countryCode ?? "US",
    stateProvinceCode: from.stateProvinceCode ?? "NY",
    county: null,
    city: from.city ?? "New York",
    address1: from.address1 ?? "1 Main Street",
    address2: null,
    zipPostalCode: from.zipPostalCode ?? "10001",
    phoneNumber: from.phoneNumber ?? null,
  };
}

/**
 * Customers. Every visitor is a guest row in nopCommerce; registration turns the guest into a Registered customer
 * and raises CustomerRegisteredEvent. Updates of guests are never forwarded.
 */
export class SimCustomers {
  constructor(private readonly state: SimState) {}

  createGuest(email: string | null): NopCustomer {
    return this.insert({ email, roles: ["Guests"] });
  }

  register(input: CustomerInput, options: { silent?: boolean } = {}): NopCustomer {
    const customer = this.insert({ ...input, roles: ["Registered"] });
    customer.username = input.email;
    customer.billingAddress = makeAddress(this.state, { ...input, email: input.email });
    if (!options.silent) this.state.events.emit("customer.registered", { customer: structuredClone(customer) });
    return customer;
  }

  update(customerId: number, changes: Partial<CustomerInput>): OpResult<NopCustomer> {
    const customer = this.state.customers.get(customerId);
    if (!customer) return notFound("customer", customerId);
    if (changes.email !== undefined) customer.email = changes.email;
    if (changes.firstName !== undefined) customer.firstName = changes.firstName;
    if (changes.lastName !== undefined) customer.lastName = changes.lastName;
    if (changes.company !== undefined) customer.company = changes.company;
    if (changes.phone !== undefined) customer.phone = changes.phone;
    if (isRegistered(customer)) this.state.events.emit("customer.updated", { customer: structuredClone(customer) });
    return ok(structuredClone(customer));
  }

  get(customerId: number): OpResult<NopCustomer> {
    const customer = this.state.customers.get(customerId);
    return customer ? ok(structuredClone(customer)) : notFound("customer", customerId);
  }

  list(pageIndex: number, pageSize: number, registeredOnly: boolean): Page<NopCustomer> {
    const all = [...this.state.customers.values()]
      .filter((c) => !registeredOnly || isRegistered(c))
      .sort((a, b) => a.id - b.id);
    return pageOf(structuredClone(all), pageIndex, pageSize);
  }

  private insert(
    input: Omit<Partial<CustomerInput>, "email"> & { email: string | null; roles: string[] },
  ): NopCustomer {
    const customer: NopCustomer = {
      id: this.state.nextId("Customer") as NopCustomerId,
      customerGuid: randomUUID(),
      username: null,
      email: input.email,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      company: input.company ?? null,
      phone: input.phone ?? null,
      active: true,
      customerRoleSystemNames: input.roles,
      billingAddress: null,
      shippingAddress: null,
      registeredInStoreId: this.state.settings.storeId,
      createdOnUtc: this.state.isoNow(),
    };
    this.state.customers.set(customer.id, customer);
    return customer;
  }
}
