import { describe, expect, it } from "vitest";
import { applyMapping } from "../../domain/mapping/apply-mapping.js";
import { erpSalesOrderMappingV1 } from "../../domain/mapping/erp-sales-order-mapping.js";
import { MappingError } from "../../domain/mapping/mapping-error.js";
import type { FieldRule, MappingSpec } from "../../domain/mapping/mapping-spec.js";
import { sourceAddress, sourceOrder } from "../../domain/mapping/test-support/source-order.js";
import {
  countryName,
  heuristicSuggestions,
  minorUnits,
  nearestEnum,
  nearestField,
  typeCoercion,
} from "./heuristics.js";
import { locateRule, withRule } from "./spec-edit.js";
import type { MappingFailure } from "./suggestion.js";

const address = (countryCode: string) => sourceAddress(countryCode, "62701");
const order = (overrides: Record<string, unknown> = {}) => ({
  ...sourceOrder("USD", "12.50", "5.00", "30.00"),
  ...overrides,
});

const scopeOf = (o: ReturnType<typeof order>) => ({ order: o, payment: { paymentIntentId: "pi_1", chargeId: "ch_1" } });

/** v1 with one rule changed: the kind of version that breaks in production. */
const specWith = (field: string, rule: FieldRule): MappingSpec => ({
  ...withRule(erpSalesOrderMappingV1, locateRule(erpSalesOrderMappingV1, field)!.keys, rule),
  version: 2,
});

/** The failure applying `spec` to `o` stops at, as the dead letter's problem names it. */
function failureOf(spec: MappingSpec, o: ReturnType<typeof order>): MappingFailure {
  const scope = scopeOf(o);
  try {
    applyMapping(spec, scope, { currency: "USD" });
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    return { spec, field: err.field, value: err.value, message: err.message, scope, currency: "USD" };
  }
  throw new Error("the mapping did not fail");
}

const mapped = (spec: MappingSpec, o: ReturnType<typeof order>) =>
  applyMapping(spec, scopeOf(o), { currency: "USD" }) as Record<string, Record<string, unknown>>;

describe("mapping-fix heuristics", () => {
  it("nearest field: a misspelt path becomes the nearest name the payload has", () => {
    const broken = specWith("customer.email", { from: "order.billingAddress.emial", transform: ["lower"] });
    const [fix] = nearestField(failureOf(broken, order()));
    expect(fix).toMatchObject({ kind: "nearest-field", spec: { version: 3 } });
    expect(locateRule(fix!.spec, "customer.email")?.rule).toEqual({
      from: "order.billingAddress.email",
      transform: ["lower"],
    });
    expect(fix!.confidence).toBeGreaterThan(0.5);
    expect(mapped(fix!.spec, order()).customer?.email).toBe("jane@example.com");
  });

  it("nearest field: inside a list, through the list's alias, and a misspelt parent too", () => {
    const skuBroken = specWith("lines[0].sku", { from: "item.skuu", transform: ["trim"] });
    const [fix] = nearestField(failureOf(skuBroken, order()));
    expect(locateRule(fix!.spec, "lines[0].sku")?.rule).toEqual({ from: "item.sku", transform: ["trim"] });

    const parentBroken = specWith("customer.email", { from: "order.billingAdress.email" });
    const [parentFix] = nearestField(failureOf(parentBroken, order()));
    expect(locateRule(parentFix!.spec, "customer.email")?.rule).toEqual({ from: "order.billingAddress.email" });
  });

  it("nearest field: nothing when no name is near", () => {
    const broken = specWith("customer.email", { from: "order.billingAddress.telefax" });
    expect(nearestField(failureOf(broken, order()))).toEqual([]);
  });

  it("type coercion: a decimal string to minor units, a whole number written as text, a number to text", () => {
    const priceFailure: MappingFailure = {
      spec: specWith("lines[0].unitPrice", { from: "item.unitPriceExclTax" }),
      field: "lines.0.unitPrice",
      value: "12.50",
      message: "Invalid input: expected number, received string",
      scope: scopeOf(order()),
      currency: "USD",
    };
    const [price] = typeCoercion(priceFailure);
    expect(locateRule(price!.spec, "lines[0].unitPrice")?.rule).toEqual({
      from: "item.unitPriceExclTax",
      transform: ["money"],
    });
    expect((mapped(price!.spec, order()).lines as unknown as { unitPrice: number }[])[0]?.unitPrice).toBe(1250);

    const quantity = order({ items: [{ ...order().items[0]!, quantity: "2" }] });
    const [count] = typeCoercion({ ...priceFailure, field: "lines.0.quantity", value: "2", scope: scopeOf(quantity) });
    expect(locateRule(count!.spec, "lines[0].quantity")?.rule).toEqual({
      from: "item.quantity",
      transform: ["integer"],
    });
    expect((mapped(count!.spec, quantity).lines as unknown as { quantity: number }[])[0]?.quantity).toBe(2);

    const [text] = typeCoercion({
      ...priceFailure,
      spec: specWith("customer.externalId", { from: "order.customerId" }),
      field: "customer.externalId",
      value: 7,
      message: "Invalid input: expected string, received number",
    });
    expect(locateRule(text!.spec, "customer.externalId")?.rule).toEqual({
      from: "order.customerId",
      transform: ["string"],
    });
  });

  it("country name: a name the country transform does not know becomes a lookup entry", () => {
    const german = order({ billingAddress: address("Deutschland") });
    const failure = failureOf(erpSalesOrderMappingV1, german);
    expect(failure.field).toBe("billingAddress");
    const [fix] = countryName(failure);
    expect(locateRule(fix!.spec, "billingAddress")?.rule).toEqual({
      from: "order.billingAddress",
      transform: [{ map: { Deutschland: "DE" }, at: "countryCode", otherwise: "keep" }, "address"],
    });
    expect(mapped(fix!.spec, german).billingAddress?.country).toBe("DE");
    // Other countries still map as before: the entry keeps what it does not know.
    expect(mapped(fix!.spec, order()).billingAddress?.country).toBe("US");
    expect(countryName(failureOf(erpSalesOrderMappingV1, order({ billingAddress: address("Atlantis") })))).toEqual([]);
  });

  it("nearest enum: a value the table does not know gets the entry of the nearest one it knows", () => {
    const table = { map: { paid: "Paid (Stripe)", pending: "Payment pending", refunded: "Refunded (Stripe)" } };
    const spec = specWith("notes", { from: "order.paymentState", transform: [table] });
    const payed = order({ paymentState: "Payed" });
    const [fix] = nearestEnum(failureOf(spec, payed));
    expect(fix!.reason).toContain('"paid"');
    expect(mapped(fix!.spec, payed).notes).toBe("Paid (Stripe)");
    expect(mapped(fix!.spec, order({ paymentState: "pending" })).notes).toBe("Payment pending");
    expect(nearestEnum(failureOf(spec, order({ paymentState: "chargeback" })))).toEqual([]);
  });

  it("minor units: a total 100x what the lines add up to is read as minor units", () => {
    const inCents = order({ orderTotal: "3000" });
    const failure: MappingFailure = {
      spec: erpSalesOrderMappingV1,
      field: "totals.total",
      value: 300000,
      message: "300000 but subtotal + shipping + tax - discount gives 3000",
      scope: scopeOf(inCents),
      currency: "USD",
    };
    const [fix] = minorUnits(failure);
    expect(locateRule(fix!.spec, "totals.total")?.rule).toEqual({
      from: "order.orderTotal",
      transform: ["minor-units"],
    });
    expect(mapped(fix!.spec, inCents).totals?.total).toBe(3000);
    expect(minorUnits({ ...failure, currency: "JPY" })).toEqual([]); // no minor unit: 100x is not a unit slip
    expect(minorUnits({ ...failure, scope: scopeOf(order({ orderTotal: "31.00" })) })).toEqual([]);
  });

  it("all heuristics together: most confident first, each change once", () => {
    const broken = specWith("customer.email", { from: "order.billingAddress.emial", transform: ["lower"] });
    const all = heuristicSuggestions(failureOf(broken, order()));
    expect(all.map((s) => s.kind)).toEqual(["nearest-field"]);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });
});
