import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import { ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDecimalString, money } from "../../sidecar/src/domain/money.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { creditMemosOf, paidOrder, type RefundsHarness, returnItem, settle, startRefunds } from "./refunds-harness.js";

// 100 refunds, 25 per currency: half from return requests (bridge events, then Stripe's webhooks), half made in the
// Stripe dashboard (webhooks only), with every Stripe webhook delivered twice and shuffled.
const cases = [
  { currency: "USD", unitPrice: "19.99", dashboardMinor: 123 },
  { currency: "JPY", unitPrice: "1999", dashboardMinor: 123 },
  { currency: "KWD", unitPrice: "12.34", dashboardMinor: 1230 },
  { currency: "EUR", unitPrice: "0.10", dashboardMinor: 7 },
] as const;
const perCurrency = 25;

describe.each(backends)("acceptance: 100 refunds under duplicated, shuffled webhooks on $name", (backend) => {
  const totals = { stripe: 0, nop: 0, erp: 0 };

  describe.each(cases)("$currency", ({ currency, unitPrice, dashboardMinor }) => {
    let t: RefundsHarness;
    beforeAll(async () => {
      t = await startRefunds(backend, {}, {}, { nopPrimaryStoreCurrencyCode: currency });
    });
    afterAll(() => t?.close());

    it(`${perCurrency} refunds in ${currency}: each exactly once in Stripe, nopCommerce and the ERP, to the minor unit`, async () => {
      const paid: { order: NopOrderDetail; intent: Stripe.PaymentIntent }[] = [];
      for (let i = 0; i < perCurrency; i += 5)
        paid.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(5, perCurrency - i) }, () =>
              paidOrder(t, { items: [{ productId: 1, quantity: 3, unitPrice }] }),
            ),
          )),
        );
      t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
      const unit = fromDecimalString(paid[0]!.order.items[0]!.unitPriceInclTax, currency);
      if (!unit.ok) throw new Error("unit price");
      const expected = new Map<number, number>();
      await Promise.all(
        paid.map(async ({ order, intent }, i) => {
          if (i % 2 === 0) {
            returnItem(t, order, ReturnRequestStatus.ReturnAuthorized, 1);
            expected.set(order.id, unit.value.amount);
          } else {
            await t.systems.stripe.refunds.create({ payment_intent: intent.id, amount: dashboardMinor });
            expected.set(order.id, dashboardMinor);
          }
        }),
      );
      await waitFor(
        () => (paid.every(({ order }) => creditMemosOf(t, order.orderGuid).length > 0) ? true : undefined),
        { timeoutMs: 90_000 },
      );
      await settle(t);
      t.sandbox.stripe.setDeliveryMode({ duplicates: false, shuffle: false });

      for (const { order, intent } of paid) {
        const amount = expected.get(order.id)!;
        const refunds = (await t.systems.stripe.refunds.list({ payment_intent: intent.id })).data;
        expect(refunds.map((r) => [r.amount, r.status])).toEqual([[amount, "succeeded"]]);
        const nop = t.sandbox.nop.getOrder(order.id)!;
        const records = nop.notes.filter((n) => /Order has been marked as (partially )?refunded/.test(n.note));
        expect(records).toHaveLength(1);
        // nopCommerce's decimal, read back into minor units: exact (JPY "1999.00" is 1999, KWD "12.34" is 12340).
        expect(fromDecimalString(nop.refundedAmount, currency)).toEqual({ ok: true, value: money(amount, currency) });
        expect(creditMemosOf(t, order.orderGuid).map((m) => [m.amount, m.currency, m.externalRef])).toEqual([
          [amount, currency, refunds[0]!.id],
        ]);
        totals.stripe += refunds.length;
        totals.nop += records.length;
        totals.erp += creditMemosOf(t, order.orderGuid).length;
      }
    }, 180_000);
  });

  it("adds up to exactly 100 Stripe refunds, 100 nopCommerce refund records and 100 ERP credit memos", () => {
    expect(totals).toEqual({ stripe: 100, nop: 100, erp: 100 });
  });
});
