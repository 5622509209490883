import { describe, expect, it } from "vitest";
import { money } from "../../domain/money.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { payoutTransactionOf } from "./payouts-api.js";

const txn = (over: Record<string, unknown>) => ({
  object: "balance_transaction",
  id: "txn_1",
  amount: 9000,
  fee: 291,
  net: 8709,
  currency: "usd",
  created: 1_765_000_000,
  description: null,
  exchange_rate: null,
  reporting_category: "charge",
  type: "charge",
  source: null,
  ...over,
});

describe("payoutTransactionOf", () => {
  it("a converted charge: settlement amounts as Stripe's integers, what the customer paid and the rate, the order in metadata", () => {
    const { transaction, metadataOrderGuid } = payoutTransactionOf(
      txn({
        exchange_rate: 1.125,
        source: {
          object: "charge",
          id: "ch_1",
          amount: 8000,
          currency: "eur",
          payment_intent: "pi_1",
          metadata: { nop_order_guid: "8A1C0F6E-0000-4000-8000-000000000001" },
        },
      }),
      "test",
    );
    expect(transaction).toMatchObject({
      category: "charge",
      gross: money(9000, "usd"),
      fee: money(291, "usd"),
      net: money(8709, "usd"),
      fx: { presentment: money(8000, "eur"), exchangeRate: 1.125 },
      sources: { charge: "ch_1", paymentIntent: "pi_1" },
    });
    expect(metadataOrderGuid).toBe("8a1c0f6e-0000-4000-8000-000000000001");
  });

  it("a refund and a dispute: their ids, the charge and intent they are about, the customer's side signed like the gross", () => {
    const refund = payoutTransactionOf(
      txn({
        amount: -1125,
        fee: 0,
        net: -1125,
        exchange_rate: 1.125,
        reporting_category: "refund",
        type: "refund",
        source: { object: "refund", id: "re_1", amount: 1000, currency: "eur", charge: "ch_1", payment_intent: "pi_1" },
      }),
      "test",
    ).transaction;
    expect(refund.sources).toEqual({ refund: "re_1", charge: "ch_1", paymentIntent: "pi_1" });
    expect(refund.fx?.presentment).toEqual(money(-1000, "eur"));
    const dispute = payoutTransactionOf(
      txn({
        amount: -2000,
        fee: 1500,
        net: -3500,
        reporting_category: "dispute",
        type: "adjustment",
        source: {
          object: "dispute",
          id: "dp_1",
          amount: 2000,
          currency: "usd",
          charge: { id: "ch_2" },
          payment_intent: "pi_2",
        },
      }),
      "test",
    ).transaction;
    expect(dispute).toMatchObject({ sources: { dispute: "dp_1", charge: "ch_2", paymentIntent: "pi_2" }, fx: null });
  });

  it("a fee or the payout itself names no order; an object Stripe could not send is a PermanentError", () => {
    expect(payoutTransactionOf(txn({ reporting_category: "fee", source: "po_1" }), "t").transaction.sources).toEqual(
      {},
    );
    expect(() => payoutTransactionOf(txn({ amount: 1.5 }), "t")).toThrow(PermanentError);
    expect(() => payoutTransactionOf(txn({ currency: "USD" }), "t")).toThrow(/lower-case ISO 4217/);
  });
});
