import { describe, expect, it } from "vitest";
import {
  defaultFieldOwnership,
  fieldOwnershipSchema,
  parseFieldOwnership,
} from "../../domain/customers/field-ownership.js";
import { planSync, type SyncValues } from "./plan-sync.js";

const values = (over: Partial<SyncValues> = {}): SyncValues => ({
  email: "ada@example.com",
  name: "Ada Lovelace",
  phone: null,
  address: null,
  shipping: null,
  ...over,
});
const times = { nopAt: 1000, stripeAt: 2000 };

describe("planSync", () => {
  it("sends a change made on one side to the other, and nothing when both agree", () => {
    const base = values();
    expect(planSync(values({ phone: "1" }), base, base, defaultFieldOwnership, times)).toMatchObject({
      toStripe: { phone: "1" },
      toNop: {},
      conflicts: [],
    });
    expect(planSync(base, values({ phone: "2" }), base, defaultFieldOwnership, times)).toMatchObject({
      toStripe: {},
      toNop: { phone: "2" },
      merged: values({ phone: "2" }),
    });
    expect(planSync(values({ phone: "3" }), values({ phone: "3" }), base, defaultFieldOwnership, times)).toEqual({
      toStripe: {},
      toNop: {},
      conflicts: [],
      merged: values({ phone: "3" }),
    });
  });

  it("decides a field both changed by its owner, and records the conflict", () => {
    const base = values();
    const nop = values({ name: "Ada King", email: "nop@example.com" });
    const stripe = values({ name: "Ada Byron", email: "portal@example.com" });
    const plan = planSync(nop, stripe, base, defaultFieldOwnership, times);
    // e-mail: nopCommerce's; name: the newest change, Stripe's here.
    expect(plan.toStripe).toEqual({ email: "nop@example.com" });
    expect(plan.toNop).toEqual({ name: "Ada Byron" });
    expect(plan.conflicts.map((c) => [c.field, c.winner])).toEqual([
      ["email", "nop"],
      ["name", "stripe"],
    ]);
    const nopNewer = planSync(nop, stripe, base, defaultFieldOwnership, { nopAt: 3000, stripeAt: 2000 });
    expect(nopNewer.toStripe).toEqual({ email: "nop@example.com", name: "Ada King" });
  });

  it("reverts a change made on the side that does not own the field", () => {
    const base = values();
    const plan = planSync(base, values({ email: "portal@example.com" }), base, defaultFieldOwnership, times);
    expect(plan).toMatchObject({ toStripe: { email: "ada@example.com" }, toNop: {}, conflicts: [] });
  });

  it("without a base (a customer first linked from an order), nopCommerce's values stand", () => {
    const plan = planSync(values({ phone: "1" }), values({ name: null }), null, defaultFieldOwnership, times);
    expect(plan.toStripe).toEqual({ name: "Ada Lovelace", phone: "1" });
    expect(plan.toNop).toEqual({});
  });
});

describe("fieldOwnershipSchema", () => {
  it("keeps defaults for fields left out and refuses unknown fields or owners", () => {
    expect(fieldOwnershipSchema.parse({ phone: "stripe" })).toEqual({ ...defaultFieldOwnership, phone: "stripe" });
    expect(fieldOwnershipSchema.safeParse({ fax: "nop" }).success).toBe(false);
    expect(fieldOwnershipSchema.safeParse({ email: "oldest" }).success).toBe(false);
  });
});

describe("parseFieldOwnership", () => {
  it("names the bad field", () => {
    expect(() => parseFieldOwnership({ phone: "both" })).toThrow(/customer field ownership: phone/);
  });
});
