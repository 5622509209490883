import fc from "fast-check";
import { type Money, money } from "../../money.js";
import type { ExceptionKind } from "../reconciliation-exception.js";
import type { MatchedTransaction, PayoutFacts } from "../settled-transaction.js";
import { ids, matched, netOf, orderFacts, paidPayout, settled } from "./fixtures.js";

/** One order's life inside a payout. */
export interface OrderStory {
  /** What the customer paid, in the order's currency. */
  captured: number;
  /** Authorized more than captured: the charge settles as the authorization plus a partial-capture reversal. */
  uncaptured: number;
  /** Paid in the other currency than the payout's, converted by Stripe. */
  converted: boolean;
  refund: "none" | "partial" | "full";
  refundShare: number;
  dispute: "none" | "lost" | "won";
}

export type Injection = "missing_order" | "wrong_amount" | "unrecorded_refund" | "dropped_transaction";

export interface PayoutScenario {
  settlement: "usd" | "eur";
  stories: OrderStory[];
  /** Stripe fees (negative) and other adjustments (either sign), with no order. */
  loose: { category: "fee" | "other_adjustment"; gross: number }[];
  injection: { kind: Injection; pick: number } | null;
}

const story: fc.Arbitrary<OrderStory> = fc.record({
  captured: fc.integer({ min: 100, max: 500_000 }),
  uncaptured: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 })),
  converted: fc.boolean(),
  refund: fc.constantFrom("none", "partial", "full"),
  refundShare: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  dispute: fc.constantFrom("none", "lost", "won"),
});

export const payoutScenario: fc.Arbitrary<PayoutScenario> = fc.record({
  settlement: fc.constantFrom("usd", "eur"),
  stories: fc.array(story, { minLength: 1, maxLength: 8 }),
  loose: fc.array(
    fc.oneof(
      fc.record({ category: fc.constant("fee" as const), gross: fc.integer({ min: -5_000, max: -1 }) }),
      fc.record({ category: fc.constant("other_adjustment" as const), gross: fc.integer({ min: -5_000, max: 5_000 }) }),
    ),
    { maxLength: 3 },
  ),
  injection: fc.option(
    fc.record({
      kind: fc.constantFrom<Injection>("missing_order", "wrong_amount", "unrecorded_refund", "dropped_transaction"),
      pick: fc.nat(),
    }),
    { nil: null },
  ),
});

/** Stripe's conversion at a fixed rate; the ledger never recomputes it, it only keeps it. */
const RATE = 1.0843;

/** The payout as Stripe would pay it out and nopCommerce would have recorded it, before any injection. */
export function honestPayout(
  scenario: PayoutScenario,
  payoutId = ids.payout("prop"),
): {
  payout: PayoutFacts;
  transactions: MatchedTransaction[];
} {
  const other = scenario.settlement === "usd" ? "eur" : "usd";
  const transactions = scenario.stories.flatMap((s, i) => storyTransactions(s, i + 1, scenario.settlement, other));
  for (const l of scenario.loose) transactions.push(matched(settled({ ...l, currency: scenario.settlement }), null));
  return { payout: paidPayout(netOf(transactions), scenario.settlement, payoutId), transactions };
}

function storyTransactions(s: OrderStory, n: number, settlement: string, other: string): MatchedTransaction[] {
  const orderCurrency = s.converted ? other : settlement;
  const inOrder = (amount: number): Money => money(amount, orderCurrency);
  // Settlement amount and, for a converted order, what the customer saw.
  const leg = (presented: number) =>
    s.converted
      ? { gross: Math.round(presented * RATE), fx: { presentment: inOrder(presented), exchangeRate: RATE } }
      : { gross: presented };
  const base = { currency: settlement, sources: { charge: ids.charge(n), paymentIntent: ids.paymentIntent(n) } };
  const order = (recorded: Money | null) => orderFacts(n, recorded, { currency: inOrder(0).currency });
  const authorized = s.captured + s.uncaptured;
  const chargeLeg = leg(authorized);
  const out = [
    matched(
      settled({ ...base, category: "charge", ...chargeLeg, fee: Math.round(chargeLeg.gross * 0.029) + 30 }),
      order(inOrder(s.captured)),
    ),
  ];
  if (s.uncaptured > 0)
    out.push(matched(settled({ ...base, category: "partial_capture_reversal", ...leg(-s.uncaptured) }), order(null)));
  if (s.refund !== "none") {
    const refunded = s.refund === "full" ? s.captured : Math.max(1, Math.floor(s.captured * s.refundShare));
    const sources = { ...base.sources, refund: ids.refund(n) };
    out.push(matched(settled({ ...base, sources, category: "refund", ...leg(-refunded) }), order(inOrder(refunded))));
  }
  if (s.dispute !== "none") {
    const sources = { ...base.sources, dispute: ids.dispute(n) };
    const opened = { ...base, sources, type: "adjustment", ...leg(-s.captured) };
    out.push(matched(settled({ ...opened, category: "dispute", fee: 1500 }), order(null)));
    if (s.dispute === "won")
      out.push(matched(settled({ ...opened, category: "dispute_reversal", ...leg(s.captured) }), order(null)));
  }
  return out;
}

const ORDER_CATEGORIES = new Set(["charge", "partial_capture_reversal", "refund", "dispute", "dispute_reversal"]);

/**
 * Applies the scenario's injection to one eligible transaction; returns the exception it must cause, or null
 * when nothing was injected (none asked, or nothing eligible).
 */
export function inject(
  scenario: PayoutScenario,
  transactions: MatchedTransaction[],
): { transactions: MatchedTransaction[]; expected: ExceptionKind | null } {
  const injection = scenario.injection;
  if (!injection) return { transactions, expected: null };
  const partiallyCaptured = new Set(
    transactions.filter((m) => m.transaction.category === "partial_capture_reversal").map(chargeOf),
  );
  const eligible = transactions
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => isEligible(injection.kind, m, partiallyCaptured));
  if (eligible.length === 0) return { transactions, expected: null };
  const { m, i } = eligible[injection.pick % eligible.length]!;
  const changed = [...transactions];
  switch (injection.kind) {
    case "missing_order":
      changed[i] = { ...m, order: null };
      return { transactions: changed, expected: "no_order" };
    case "wrong_amount": {
      const recorded = m.order!.recorded!;
      changed[i] = { ...m, order: { ...m.order!, recorded: money(recorded.amount + 1, recorded.currency) } };
      return { transactions: changed, expected: "amount_differs" };
    }
    case "unrecorded_refund":
      changed[i] = { ...m, order: { ...m.order!, recorded: null } };
      return { transactions: changed, expected: "refund_not_recorded" };
    case "dropped_transaction":
      changed.splice(i, 1);
      return { transactions: changed, expected: "residual" };
  }
}

const chargeOf = (m: MatchedTransaction) => m.transaction.sources.charge;

function isEligible(kind: Injection, m: MatchedTransaction, partiallyCaptured: ReadonlySet<unknown>): boolean {
  const category = m.transaction.category;
  switch (kind) {
    case "missing_order":
      return ORDER_CATEGORIES.has(category) && m.order !== null;
    case "wrong_amount":
      return category === "charge" && m.order?.recorded != null;
    case "unrecorded_refund":
      return category === "refund" && m.order?.recorded != null;
    case "dropped_transaction":
      // Half of a partial capture missing also changes what its order's total is compared with.
      return m.transaction.net.amount !== 0 && !partiallyCaptured.has(chargeOf(m));
  }
}
