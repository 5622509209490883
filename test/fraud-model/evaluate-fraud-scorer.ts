import { performance } from "node:perf_hooks";
import { assessRisk } from "../../sidecar/src/domain/risk/assess-risk.js";
import type { StoreRiskRules } from "../../sidecar/src/domain/risk/risk-rules.js";
import { type FraudMetrics, fraudMetrics } from "../../sidecar/src/domain/risk/training/fraud-metrics.js";
import { generateLabelledOrders } from "../../sidecar/src/domain/risk/training/generate-labelled-orders.js";
import { fraudTrainingSettings } from "../../sidecar/src/domain/risk/training/train-fraud-model.js";

export interface FraudEvaluation {
  orders: number;
  frauds: number;
  scorer: FraudMetrics;
  /** Stripe Radar alone: elevated or highest risk to review. */
  radarOnly: FraudMetrics;
  /** Milliseconds per assessRisk call, sorted ascending. */
  timings: Float64Array;
}

/**
 * The full scorer (rules + model + the store's bands) against a Radar-only baseline on generated orders from a
 * seed the training never saw, timing each assessRisk call. A fraud is caught when its band is review or high.
 */
export function evaluateFraudScorer(options: { orders: number; seed: number; rules: StoreRiskRules }): FraudEvaluation {
  if (options.seed === fraudTrainingSettings.seed)
    throw new Error("the evaluation seed must differ from the training seed");
  const orders = generateLabelledOrders({
    seed: options.seed,
    orders: options.orders,
    fraudRate: fraudTrainingSettings.fraudRate,
    velocityWindowsMs: options.rules.velocityWindowsMs,
  });
  // Warm the JIT up first, so the percentiles measure steady-state scoring.
  for (const order of orders.slice(0, 500)) assessRisk(order.facts, options.rules);
  const timings = new Float64Array(orders.length);
  const scorer: Array<{ flagged: boolean; fraud: boolean }> = [];
  const radarOnly: Array<{ flagged: boolean; fraud: boolean }> = [];
  orders.forEach((order, i) => {
    const started = performance.now();
    const assessment = assessRisk(order.facts, options.rules);
    timings[i] = performance.now() - started;
    scorer.push({ flagged: assessment.band !== "low", fraud: order.fraud });
    const radar = order.facts.radar.riskLevel;
    radarOnly.push({ flagged: radar === "elevated" || radar === "highest", fraud: order.fraud });
  });
  return {
    orders: orders.length,
    frauds: orders.filter((o) => o.fraud).length,
    scorer: fraudMetrics(scorer),
    radarOnly: fraudMetrics(radarOnly),
    timings: timings.sort(),
  };
}

/** The p-th percentile (0..1] of sorted timings, nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))]!;
}
