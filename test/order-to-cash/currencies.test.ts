import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import {
  erpOrdersFor,
  nopOrder,
  type O2cHarness,
  placeAndPay,
  startO2c,
  waitUntilFulfilmentRequested,
} from "./o2c-harness.js";

// Three units plus the simulator's 5.00 shipping fee. Minor units follow Stripe: JPY has none, KWD three.
const cases = [
  { currency: "USD", unitPrice: "19.99", total: "64.97", minor: 6497 },
  { currency: "EUR", unitPrice: "0.10", total: "5.30", minor: 530 },
  { currency: "JPY", unitPrice: "1999", total: "6002.00", minor: 6002 },
  { currency: "KWD", unitPrice: "12.34", total: "42.02", minor: 42_020 },
] as const;

describe.each(backends)("order-to-cash amounts per currency on $name", (backend) => {
  describe.each(cases)("$currency", ({ currency, unitPrice, total, minor }) => {
    let t: O2cHarness;
    beforeAll(async () => {
      t = await startO2c(backend, {}, {}, { nopPrimaryStoreCurrencyCode: currency });
    });
    afterAll(() => t?.close());

    it(`${total} ${currency} is exactly ${minor} minor units in nop, Stripe, the ERP and the balance`, async () => {
      const { order, intent } = await placeAndPay(t, "pm_card_visa", {
        items: [{ productId: 1, quantity: 3, unitPrice }],
      });
      expect(order.orderTotal).toBe(total);
      expect(order.primaryStoreCurrencyCode).toBe(currency);
      expect(intent.status).toBe("succeeded");
      expect(intent.amount).toBe(minor);
      expect(intent.amount_received).toBe(minor);
      expect(intent.currency).toBe(currency.toLowerCase());

      await waitUntilFulfilmentRequested(t, order);
      const paid = nopOrder(t, order.id);
      expect(paid.paymentStatusId).toBe(PaymentStatus.Paid);
      expect(paid.orderTotal).toBe(total);
      const [erp, ...more] = erpOrdersFor(t, order.orderGuid);
      expect(more).toHaveLength(0);
      expect(erp?.currency).toBe(currency);
      expect(erp?.totals.total).toBe(minor);
      expect(erp?.lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(3);

      const charge = await t.systems.stripe.charges.retrieve(String(intent.latest_charge), {
        expand: ["balance_transaction"],
      });
      expect(charge.amount).toBe(minor);
      expect(charge.amount_captured).toBe(minor);
      const txn = charge.balance_transaction as Stripe.BalanceTransaction;
      expect(txn.amount).toBe(minor);
      expect(txn.currency).toBe(currency.toLowerCase());
      expect(txn.net + txn.fee).toBe(minor);

      // What the flow stored agrees too.
      const stored = await waitFor(() =>
        t.sidecar.db.prisma.orderToCashOrder.findUnique({ where: { orderGuid: order.orderGuid.toLowerCase() } }),
      );
      expect(Number(stored.totalMinor)).toBe(minor);
      expect(stored.currency).toBe(currency.toLowerCase());
    });
  });
});
