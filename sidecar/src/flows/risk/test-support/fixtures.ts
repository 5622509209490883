import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { RiskAssessment, RiskBand } from "../../../domain/risk/risk-facts.js";

/** A scored payment in a band, with one signal and, above low, the rule that put it there. */
export function assessment(band: RiskBand, score = { low: 10, review: 50, high: 90 }[band]): RiskAssessment {
  return {
    score,
    band,
    signals: [
      { name: "radar_risk_score", value: score, weight: 1, contribution: score / 100, reason: `Radar score ${score}` },
    ],
    rulesHit: band === "low" ? [] : [{ rule: `test_${band}`, band, reason: `a test rule for ${band}` }],
    model: { name: "test-model", version: 3 },
  };
}

/** An order as order-to-cash stores it: a guest's, billed and shipped to the same name. */
export function nopOrderFixture(over: Partial<NopOrder> = {}): NopOrder {
  const address = {
    id: 1,
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    company: null,
    countryCode: "US",
    stateProvinceCode: null,
    county: null,
    city: "Springfield",
    address1: "1 Main St",
    address2: null,
    zipPostalCode: "12345",
    phoneNumber: null,
  };
  return {
    id: 7,
    orderGuid: "0b6c2a52-6f0e-4a8e-9a55-0d5d4b1f7a11",
    customOrderNumber: "7",
    storeId: 1,
    customerId: 3,
    customer: {
      id: 3,
      customerGuid: "9a2c9f7e-7a9b-4a8e-8d1c-3c7f5b2e1d00",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      isGuest: true,
    },
    orderStatusId: 20,
    paymentStatusId: 20,
    shippingStatusId: 20,
    paymentMethodSystemName: "Payments.StripeSidecar",
    primaryStoreCurrencyCode: "USD",
    customerCurrencyCode: "USD",
    currencyRate: "1",
    orderSubtotalInclTax: "10.00",
    orderSubtotalExclTax: "10.00",
    orderSubTotalDiscountInclTax: "0.00",
    orderSubTotalDiscountExclTax: "0.00",
    orderShippingInclTax: "0.00",
    orderShippingExclTax: "0.00",
    paymentMethodAdditionalFeeInclTax: "0.00",
    paymentMethodAdditionalFeeExclTax: "0.00",
    orderTax: "0.00",
    orderDiscount: "0.00",
    orderTotal: "10.00",
    refundedAmount: "0.00",
    authorizationTransactionId: null,
    captureTransactionId: null,
    subscriptionTransactionId: null,
    paidDateUtc: null,
    shippingMethod: null,
    pickupInStore: false,
    billingAddress: address,
    shippingAddress: { ...address, id: 2 },
    items: [],
    createdOnUtc: "2026-12-06T11:00:00Z",
    ...over,
  } as NopOrder;
}
