import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { describe, expect, it } from "vitest";
import { draftEvidence } from "./draft-evidence.js";

const address = {
  id: 1,
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.com",
  company: null,
  countryCode: "GB",
  stateProvinceCode: null,
  county: null,
  city: "London",
  address1: "12 St James's Square",
  address2: null,
  zipPostalCode: "SW1Y 4JH",
  phoneNumber: null,
};

const order = {
  customOrderNumber: "1001",
  createdOnUtc: "2030-01-02T10:00:00Z",
  orderTotal: "25.00",
  primaryStoreCurrencyCode: "GBP",
  customer: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
  billingAddress: address,
  shippingAddress: { ...address, address1: "1 Analytical Way" },
  items: [{ quantity: 2, productName: "Blue mug", sku: "MUG-1", attributeDescription: null }],
  notes: [
    { note: "Your order has shipped", displayToCustomer: true, createdOnUtc: "2030-01-03T09:30:00Z" },
    { note: "Internal: fraud score 12", displayToCustomer: false, createdOnUtc: "2030-01-03T09:31:00Z" },
  ],
} as unknown as NopOrderDetail;

describe("draftEvidence", () => {
  it("maps the order, the shipment report, the policy and the customer's notes to Stripe's fields", () => {
    const evidence = draftEvidence({
      order,
      shipment: {
        fulfillmentRequestId: "FR-1",
        carrier: "DHL",
        trackingNumber: "SBX1",
        shippedAt: "2030-01-03T09:00:00Z",
        deliveredAt: "2030-01-05T15:00:00Z",
      },
      refundPolicy: "30 days",
    });
    expect(evidence).toEqual({
      product_description: "2 x Blue mug (SKU MUG-1)",
      customer_name: "Ada Lovelace",
      customer_email_address: "ada@example.com",
      billing_address: "Ada Lovelace, 12 St James's Square, SW1Y 4JH London, GB",
      shipping_address: "Ada Lovelace, 1 Analytical Way, SW1Y 4JH London, GB",
      shipping_carrier: "DHL",
      shipping_tracking_number: "SBX1",
      shipping_date: "2030-01-03",
      refund_policy_disclosure: "30 days",
      uncategorized_text:
        "Order 1001 placed 2030-01-02, total 25.00 GBP.\n\nDelivered 2030-01-05 (DHL SBX1).\n\n" +
        "Messages sent to the customer:\n2030-01-03 09:30 UTC: Your order has shipped",
    });
  });

  it("leaves out what it does not know (no shipment, no policy) instead of sending empty fields", () => {
    const evidence = draftEvidence({ order, shipment: null, refundPolicy: undefined });
    expect(Object.keys(evidence)).not.toContain("shipping_carrier");
    expect(Object.keys(evidence)).not.toContain("refund_policy_disclosure");
    expect(evidence.uncategorized_text).not.toContain("Internal");
  });
});
