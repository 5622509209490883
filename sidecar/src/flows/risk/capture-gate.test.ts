import { describe, expect, it } from "vitest";
import { money } from "../../domain/money.js";
import { defaultRiskRules, type RiskRules } from "../../domain/risk/risk-rules.js";
import { riskCaptureGate } from "./capture-gate.js";

const rules = (over: Partial<RiskRules["defaults"]>, stores: RiskRules["stores"] = {}): RiskRules => ({
  ...defaultRiskRules,
  defaults: { ...defaultRiskRules.defaults, ...over },
  stores,
});

/** A history port where customer 1 has paid orders and everyone else none. */
const customers = {
  asked: 0,
  async historyOf(customerId: number) {
    this.asked++;
    const paidOrders = customerId === 1 ? 2 : 0;
    return { paidOrders, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 };
  },
};

const payment = (over: Partial<{ storeId: number; amount: number; customerId: number; guest: boolean }> = {}) => ({
  storeId: over.storeId ?? 1,
  amount: money(over.amount ?? 5000, "usd"),
  customerId: over.customerId ?? 1,
  guest: over.guest ?? false,
});

describe("riskCaptureGate: which new PaymentIntents are authorized first and decided", () => {
  it("none by default; all when the store says all", async () => {
    expect(await riskCaptureGate(defaultRiskRules, customers).decidesBeforeCapture(payment())).toBe(false);
    expect(await riskCaptureGate(rules({ decide: "all" }), customers).decidesBeforeCapture(payment())).toBe(true);
  });

  it("above an amount, per store", async () => {
    const gate = riskCaptureGate(rules({}, { "2": { decide: "above_amount", decideFromMinor: 20000 } }), customers);
    expect(await gate.decidesBeforeCapture(payment({ storeId: 2, amount: 19999 }))).toBe(false);
    expect(await gate.decidesBeforeCapture(payment({ storeId: 2, amount: 20000 }))).toBe(true);
    expect(await gate.decidesBeforeCapture(payment({ storeId: 1, amount: 90000 }))).toBe(false);
  });

  it("new customers: a guest, or an account without a paid order", async () => {
    const gate = riskCaptureGate(rules({ decide: "new_customers" }), customers);
    expect(await gate.decidesBeforeCapture(payment({ customerId: 1 }))).toBe(false);
    expect(await gate.decidesBeforeCapture(payment({ customerId: 2 }))).toBe(true);
    customers.asked = 0;
    expect(await gate.decidesBeforeCapture(payment({ customerId: 1, guest: true }))).toBe(true);
    expect(customers.asked).toBe(0);
  });
});
