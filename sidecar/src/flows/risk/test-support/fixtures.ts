import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { RiskAssessment, RiskBand } from "../../../domain/risk/risk-facts.js";
import { sampleNopOrder } from "../../order-to-cash/test-support/fixtures.js";

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

/** An order as order-to-cash stores it (the wire contract's example), as a guest's. */
export function nopOrderFixture(over: Partial<NopOrder> = {}): NopOrder {
  const order = sampleNopOrder();
  return { ...order, customer: { ...order.customer, isGuest: true }, ...over };
}
