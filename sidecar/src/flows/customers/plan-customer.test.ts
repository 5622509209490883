import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import { describe, expect, it } from "vitest";
import { customerGuid, stripeCustomerIdSchema } from "../../domain/ids.js";
import type { CustomerState } from "./customers-store.js";
import { planCustomer } from "./plan-customer.js";

const guid = customerGuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
const customer = (roles: string[]) =>
  ({ id: 7, customerGuid: guid, customerRoleSystemNames: roles }) as unknown as NopCustomer;
const link = {
  customerGuid: guid,
  nopCustomerId: 7,
  storeId: 1,
  stripeCustomerId: stripeCustomerIdSchema.parse("cus_A1"),
};
const state = (over: Partial<CustomerState>): CustomerState => ({
  customerGuid: guid,
  link: null,
  nop: { customer: customer(["Registered"]), version: 5 },
  pushedVersion: null,
  synced: null,
  stripeChangedAt: null,
  ...over,
});

describe("planCustomer", () => {
  it("creates the Stripe customer of a registered customer first", () => {
    expect(planCustomer(state({}))).toEqual([{ kind: "create" }]);
  });

  it("syncs a nop version newer than the last synced, or a change in Stripe, and nothing after", () => {
    const sync = { kind: "sync", version: 5, stripeChangedAt: null };
    expect(planCustomer(state({ link, pushedVersion: 4 }))).toEqual([sync]);
    expect(planCustomer(state({ link, pushedVersion: null }))).toEqual([sync]);
    expect(planCustomer(state({ link, pushedVersion: 5, stripeChangedAt: 9 }))).toEqual([
      { ...sync, stripeChangedAt: 9 },
    ]);
    expect(planCustomer(state({ link, pushedVersion: 5 }))).toEqual([]);
    expect(planCustomer(state({ link, pushedVersion: 6 }))).toEqual([]);
  });

  it("plans nothing for a guest, or a customer known only from an order", () => {
    expect(planCustomer(state({ nop: { customer: customer(["Guests"]), version: 1 } }))).toEqual([]);
    expect(planCustomer(state({ link, nop: null }))).toEqual([]);
  });
});
