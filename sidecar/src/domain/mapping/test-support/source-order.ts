/** A nopCommerce address as the contract describes it, with the untidiness stores send. */
export const sourceAddress = (countryCode: string, zip: string) => ({
  firstName: " Jane ",
  lastName: "Doe",
  company: "",
  address1: "1  Main St",
  address2: null,
  city: "Springfield",
  stateProvinceCode: "il",
  zipPostalCode: zip,
  countryCode,
  phoneNumber: null,
  email: "Jane@Example.com",
});

/** A nopCommerce order (one line of two) as the mapping reads it. */
export const sourceOrder = (currency: string, unit: string, shipping: string, total: string, country = "US") => ({
  orderGuid: "8F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F",
  customOrderNumber: "1001",
  createdOnUtc: "2026-11-27T10:00:00+01:00",
  primaryStoreCurrencyCode: currency,
  customerId: 7,
  customer: { email: "jane@example.com" },
  paymentStatusId: 30,
  items: [
    {
      sku: "MUG-01",
      productId: 1,
      productName: "Mug",
      quantity: 2,
      unitPriceExclTax: unit,
      discountAmountExclTax: "0",
      priceExclTax: String(Number(unit) * 2),
    },
  ],
  orderSubtotalExclTax: String(Number(unit) * 2),
  orderSubTotalDiscountExclTax: "0",
  orderShippingExclTax: shipping,
  orderTax: "0",
  orderDiscount: "0",
  orderTotal: total,
  billingAddress: sourceAddress(country, "62701"),
  shippingAddress: null,
});
