import { decidesBeforeCapture, type RiskRules, riskRulesForStore } from "../../domain/risk/risk-rules.js";
import type { CaptureGate, OrderCustomers } from "../order-to-cash/index.js";

/**
 * The risk flow's say on a new PaymentIntent, by the store's RISK_RULES: authorize first and decide before
 * capture. A new customer is a guest, or a customer without a paid order in this currency.
 */
export function riskCaptureGate(rules: RiskRules, customers: Pick<OrderCustomers, "historyOf">): CaptureGate {
  return {
    async decidesBeforeCapture({ storeId, amount, customerId, guest }) {
      const storeRules = riskRulesForStore(rules, storeId);
      if (storeRules.decide === "none") return false;
      const newCustomer =
        storeRules.decide !== "new_customers" ||
        guest ||
        (await customers.historyOf(customerId, amount.currency)).paidOrders === 0;
      return decidesBeforeCapture(storeRules, { amountMinor: amount.amount, newCustomer });
    },
  };
}
