import { randomUUID } from "node:crypto";
import type { ChangeOrigin } from "@nop-stripe/contract/bridge-event-schemas.js";
import type { NopAddress, NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { NopCustomerId } from "@nop-stripe/contract/nop-ids.js";
import type { WriteBackRequest, WriteBackResponse } from "@nop-stripe/contract/write-back-schemas.js";
import { applyCustomerChanges } from "./customer-changes.js";
import { notFound, type OpResult, ok, refused } from "./op-result.js";
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
    if (!options.silent) this.emitChange("customer.registered", customer);
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
    if (isRegistered(customer)) this.emitChange("customer.updated", customer);
    return ok(structuredClone(customer));
  }

  /**
   * The updateCustomer write-back: a registered customer, unchanged since the version the sidecar saw, with an
   * e-mail no other registered customer has. Values already there are not saved again, so an echo of the store's
   * own change raises no event; a real change raises customer.updated marked with its Stripe origin.
   */
  updateFromStripe(request: WriteBackRequest<"updateCustomer">): OpResult<WriteBackResponse<"updateCustomer">> {
    const customer = this.state.customers.get(request.customerId);
    if (!customer) return notFound("customer", request.customerId);
    if (!isRegistered(customer))
      return refused("CustomerIsRegistered", `customer ${customer.id} is a guest; guests are not synchronised`);
    const current = customer.version ?? null;
    if (request.expectedVersion !== null && request.expectedVersion !== current)
      return refused(
        "CustomerVersionIsCurrent",
        `customer ${customer.id} is at version ${current}, not ${request.expectedVersion}: read it again and merge`,
      );
    const email = request.changes.email;
    if (email !== undefined && this.emailTakenByAnother(email, customer.id))
      return refused("EmailIsUnique", `another registered customer has the e-mail ${email}`);
    const changedFields = applyCustomerChanges(customer, request.changes, () => this.state.nextId("Address"));
    if (changedFields.includes("email")) customer.username = customer.email;
    if (changedFields.length > 0) this.emitChange("customer.updated", customer, request.origin);
    return ok({ customer: structuredClone(customer), changedFields });
  }

  private emailTakenByAnother(email: string, customerId: number): boolean {
    const wanted = email.toLowerCase();
    return [...this.state.customers.values()].some(
      (c) => c.id !== customerId && isRegistered(c) && c.email?.toLowerCase() === wanted,
    );
  }

  /** Stamps the change's time and version on the customer, then raises its event. */
  private emitChange(
    type: "customer.registered" | "customer.updated",
    customer: NopCustomer,
    origin?: ChangeOrigin,
  ): void {
    // Events leave these out: the payload's own updatedAt and version say the same.
    const { updatedOnUtc: _u, version: _v, ...sent } = customer;
    customer.updatedOnUtc = this.state.isoNow();
    customer.version = this.state.events.nextVersion();
    this.state.events.emit(type, { customer: structuredClone(sent), ...(origin ? { origin } : {}) });
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
      updatedOnUtc: null,
      version: null,
    };
    this.state.customers.set(customer.id, customer);
    return customer;
  }
}
