import { describe, expect, it } from "vitest";
import { applyMapping } from "./apply-mapping.js";
import { erpSalesOrderMappingV1 } from "./erp-sales-order-mapping.js";
import { MappingError } from "./mapping-error.js";
import { sourceAddress as address, sourceOrder as order } from "./test-support/source-order.js";

const map = (o: ReturnType<typeof order>) =>
  applyMapping(
    erpSalesOrderMappingV1,
    { order: o, payment: { paymentIntentId: "pi_1", chargeId: "ch_1" } },
    { currency: o.primaryStoreCurrencyCode },
  );

describe("ERP sales order mapping v1", () => {
  it.each([
    ["USD", "12.50", "5.00", "30.00", 1250, 3000],
    ["EUR", "12.50", "5.00", "30.00", 1250, 3000],
    ["JPY", "1200", "500", "2900", 1200, 2900],
    ["KWD", "1.25", "0.5", "3.000", 1250, 3000],
  ])("%s amounts are exact minor units", (currency, unit, shipping, total, unitMinor, totalMinor) => {
    const mapped = map(order(currency, unit, shipping, total)) as {
      currency: string;
      lines: { unitPrice: number; lineTotal: number }[];
      totals: { total: number; subtotal: number; shipping: number };
    };
    expect(mapped.currency).toBe(currency);
    expect(mapped.lines[0]?.unitPrice).toBe(unitMinor);
    expect(mapped.lines[0]?.lineTotal).toBe(unitMinor * 2);
    expect(mapped.totals.total).toBe(totalMinor);
    expect(mapped.totals.subtotal + mapped.totals.shipping).toBe(totalMinor);
  });

  it("standardizes addresses and maps the payment status", () => {
    const mapped = map({ ...order("USD", "1.00", "0", "2.00"), billingAddress: address("GBR", "sw1a1aa") });
    expect(mapped.billingAddress).toEqual({
      name: "Jane Doe",
      line1: "1 Main St",
      city: "Springfield",
      country: "GB",
      region: "IL",
      postalCode: "SW1A 1AA",
      email: "jane@example.com",
    });
    expect(mapped.notes).toBe("Paid (Stripe)");
    expect(mapped.externalRef).toBe("8f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f");
    expect(mapped.orderDate).toBe("2026-11-27T09:00:00.000Z");
  });

  it("names the failing field and value", () => {
    const bad = { ...order("USD", "1.00", "0", "2.00"), billingAddress: address("Atlantis", "1") };
    expect(() => map(bad)).toThrow(MappingError);
    expect(() => map(bad)).toThrow(/field billingAddress: value .*Atlantis.*not an ISO 3166/);
    const jpyFraction = order("JPY", "1200.5", "0", "2401");
    expect(() => map(jpyFraction)).toThrow(/field lines\[0\]\.unitPrice: value "1200.5"/);
  });
});
