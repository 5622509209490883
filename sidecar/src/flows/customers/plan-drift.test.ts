import { describe, expect, it } from "vitest";
import { customerGuid } from "../../domain/ids.js";
import { customerDrift, differingFields } from "./plan-drift.js";
import type { SyncValues } from "./plan-sync.js";

const guid = customerGuid("7f3c2a10-0000-4000-8000-000000000001");
const address = {
  line1: "12 St James's Square",
  line2: null,
  city: "London",
  state: null,
  postal_code: "SW1Y 4JH",
  country: "GB",
};
const ada: SyncValues = { email: "ada@example.com", name: "Ada Lovelace", phone: null, address, shipping: null };

describe("customerDrift", () => {
  it("finds nothing when both sides hold the same values, whatever the order of their keys (jsonb reorders)", () => {
    const reordered = { ...ada, address: Object.fromEntries(Object.entries(address).reverse()) as typeof address };
    expect(customerDrift(guid, ada, reordered)).toEqual([]);
  });

  it("one row per differing field, with both values and an id that is the same on every run", () => {
    const stripe = { ...ada, name: "Ada King", address: { ...address, postal_code: "SW1Y 4JJ" } };
    expect(customerDrift(guid, ada, stripe)).toEqual([
      {
        id: `cusdrift:${guid}:name`,
        customerGuid: guid,
        field: "name",
        nopValue: "Ada Lovelace",
        stripeValue: "Ada King",
      },
      {
        id: `cusdrift:${guid}:address`,
        customerGuid: guid,
        field: "address",
        nopValue: address,
        stripeValue: stripe.address,
      },
    ]);
    expect(differingFields(ada, { ...ada, phone: "+1" })).toEqual(["phone"]);
  });

  it("a customer one side does not have is one row for the whole customer", () => {
    expect(customerDrift(guid, ada, null)).toMatchObject([
      { id: `cusdrift:${guid}:customer`, nopValue: "present", stripeValue: "missing" },
    ]);
  });
});
