import { describe, expect, it } from "vitest";
import { defaultRiskRules } from "../../sidecar/src/domain/risk/risk-rules.js";
import { evaluateFraudScorer, percentile } from "./evaluate-fraud-scorer.js";

describe("eval:fraud", () => {
  const rules = defaultRiskRules.defaults;

  it("meets the issue's targets on held-out orders: precision and recall at least Radar's, p99 under 5 ms", () => {
    const { orders, scorer, radarOnly, timings } = evaluateFraudScorer({ orders: 5_000, seed: 2016, rules });
    expect(orders).toBe(5_000);
    expect(scorer.precision).toBeGreaterThanOrEqual(radarOnly.precision);
    expect(scorer.recall).toBeGreaterThanOrEqual(radarOnly.recall);
    expect(percentile(timings, 0.99)).toBeLessThan(5);
  });

  it("refuses to evaluate on the training seed", () => {
    expect(() => evaluateFraudScorer({ orders: 10, seed: 16, rules })).toThrow(/must differ from the training seed/);
  });

  it("reads percentiles by nearest rank", () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1)]).toEqual([2, 4, 4]);
  });
});
