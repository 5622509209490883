import { describe, expect, it } from "vitest";
import { money } from "../money.js";
import { defaultChartOfAccounts as chart } from "./chart-of-accounts.js";
import { classifyTransaction } from "./classify-transaction.js";
import { type JournalLine, journalEntry, lineAmount, signedAmount } from "./journal-entry.js";
import type { OrderFacts } from "./settled-transaction.js";
import { ids, matched, orderFacts, settled, type TransactionInput } from "./test-support/fixtures.js";

const payout = ids.payout("classify");
/** [account, signed amount, currency] per line: debits positive. */
const shape = (lines: JournalLine[]) => lines.map((l) => [l.account, signedAmount(l), lineAmount(l).currency]);
const classify = (input: TransactionInput, order: OrderFacts | null) =>
  classifyTransaction(matched(settled(input), order), chart, payout);
const balances = (lines: JournalLine[]) =>
  journalEntry({ key: "ledger:test:1", date: "2026-12-02", memo: "", lines }).ok;

describe("classifyTransaction", () => {
  const order = orderFacts(1, money(2000, "usd"));
  const sources = { charge: ids.charge(1), paymentIntent: ids.paymentIntent(1) };

  it("a charge: clearing by the net, the fee to expense, the gross off the order's receivable", () => {
    const lines = classify({ category: "charge", gross: 2000, fee: 88, sources }, order);
    expect(shape(lines)).toEqual([
      ["1050", 1912, "usd"],
      ["6100", 88, "usd"],
      ["1100", -2000, "usd"],
    ]);
    expect(lines[2]!.links).toMatchObject({ orderGuid: order.orderGuid, charge: ids.charge(1), payout });
    expect(balances(lines)).toBe(true);
  });

  it("a charge with no order: the receivable side waits in suspense", () => {
    const lines = classify({ category: "charge", gross: 2000, fee: 88 }, null);
    expect(shape(lines)[2]).toEqual(["9999", -2000, "usd"]);
  });

  it("a refund (no fee): refunds debited, clearing credited", () => {
    const lines = classify({ category: "refund", gross: -500 }, order);
    expect(shape(lines)).toEqual([
      ["1050", -500, "usd"],
      ["4100", 500, "usd"],
    ]);
  });

  it("a lost dispute: the amount to dispute losses, the dispute fee to its own account", () => {
    const lines = classify({ category: "dispute", gross: -2000, fee: 1500 }, order);
    expect(shape(lines)).toEqual([
      ["1050", -3500, "usd"],
      ["6210", 1500, "usd"],
      ["6200", 2000, "usd"],
    ]);
  });

  it("a won dispute's reversal credits dispute losses back", () => {
    const lines = classify({ category: "dispute_reversal", gross: 2000 }, order);
    expect(shape(lines)).toEqual([
      ["1050", 2000, "usd"],
      ["6200", -2000, "usd"],
    ]);
  });

  it("a converted charge: the order's side in the customer's currency, bridged by the FX account", () => {
    const fx = { presentment: money(10000, "eur"), exchangeRate: 1.0843 };
    const euroOrder = orderFacts(2, money(10000, "eur"));
    const lines = classify({ category: "charge", gross: 10843, fee: 345, fx }, euroOrder);
    expect(shape(lines)).toEqual([
      ["1050", 10498, "usd"],
      ["6100", 345, "usd"],
      ["1100", -10000, "eur"],
      ["4900", 10000, "eur"],
      ["4900", -10843, "usd"],
    ]);
    expect(lines[2]).toMatchObject({ fx, settlementEquivalent: { amount: 10843, currency: "usd" } });
    expect(balances(lines)).toBe(true);
  });

  it("an unknown category goes to suspense; a Stripe fee and an adjustment to their accounts", () => {
    const unknown = classify({ category: "climate_order_purchase", gross: -100 }, null);
    expect(shape(unknown)[1]).toEqual(["9999", 100, "usd"]);
    const fee = classify({ category: "fee", gross: -250 }, null);
    expect(shape(fee)).toEqual([
      ["1050", -250, "usd"],
      ["6100", 250, "usd"],
    ]);
    const adjustment = classify({ category: "other_adjustment", gross: 75 }, null);
    expect(shape(adjustment)[1]).toEqual(["6900", -75, "usd"]);
  });

  it("a won dispute whose fee Stripe gives back: the negative fee credits dispute fees", () => {
    const lines = classify({ category: "dispute_reversal", gross: 2000, fee: -1500 }, order);
    expect(shape(lines)).toEqual([
      ["1050", 3500, "usd"],
      ["6210", -1500, "usd"],
      ["6200", -2000, "usd"],
    ]);
  });
});
