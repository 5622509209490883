import type { JournalEntryDraft, SalesOrderDraft } from "../erp-types.js";

/** A consistent order: 2 × 1250 + 1 × 3999 = 6499; + 495 shipping + 1235 tax − 500 discount = 7729 (EUR cents). */
export function sampleSalesOrder(overrides: Partial<SalesOrderDraft> = {}): SalesOrderDraft {
  return {
    externalRef: "nop-order-6f1c2a1e-0001",
    customOrderNumber: "1001",
    orderDate: "2026-11-27T10:15:00+01:00",
    currency: "EUR",
    customer: { externalId: "nop-customer-42", email: "ada@example.com", name: "Ada Lovelace" },
    lines: [
      { sku: "MUG-01", name: "Mug", quantity: 2, currency: "EUR", unitPrice: 1250, lineTotal: 2500 },
      { sku: "TEE-XL", name: "T-shirt XL", quantity: 1, currency: "EUR", unitPrice: 3999, lineTotal: 3999 },
    ],
    totals: { subtotal: 6499, shipping: 495, tax: 1235, discount: 500, total: 7729 },
    payment: { provider: "stripe", paymentIntentId: "pi_3Sample", chargeId: "ch_3Sample" },
    billingAddress: {
      name: "Ada Lovelace",
      line1: "Unter den Linden 1",
      city: "Berlin",
      postalCode: "10117",
      country: "DE",
    },
    ...overrides,
  };
}

/** A payout: gross 7729 into the Stripe balance, 254 fee, net 7475 to the bank clearing account. */
export function samplePayoutEntry(overrides: Partial<JournalEntryDraft> = {}): JournalEntryDraft {
  return {
    reference: "po_1Sample",
    date: "2026-11-29",
    memo: "Stripe payout po_1Sample",
    lines: [
      { account: "1010", debit: 7475, currency: "EUR", memo: "payout to bank" },
      { account: "6100", debit: 254, currency: "EUR", memo: "Stripe fees" },
      { account: "1050", credit: 7729, currency: "EUR", memo: "out of the Stripe balance" },
    ],
    ...overrides,
  };
}
