// npm run eval:fraud [-- --orders N --seed S]: the full scorer (rules + model + the default bands) against a
// Stripe-Radar-only baseline (elevated or highest -> review) on held-out generated orders (a seed the training
// never saw), and the scoring cost per order without any language model. Ends with one JSON line.
import { performance } from "node:perf_hooks";
import { assessRisk } from "../../sidecar/src/domain/risk/assess-risk.js";
import { defaultRiskRules } from "../../sidecar/src/domain/risk/risk-rules.js";
import { type FraudMetrics, fraudMetrics, round4 } from "../../sidecar/src/domain/risk/training/fraud-metrics.js";
import { generateLabelledOrders } from "../../sidecar/src/domain/risk/training/generate-labelled-orders.js";
import { fraudTrainingSettings } from "../../sidecar/src/domain/risk/training/train-fraud-model.js";
import { parseArgs } from "../bench/bench-support.js";

const args = parseArgs({ orders: 20_000, seed: 1016 });
if (args.seed === fraudTrainingSettings.seed) throw new Error("the evaluation seed must differ from the training seed");

const rules = defaultRiskRules.defaults;
const orders = generateLabelledOrders({
  seed: args.seed,
  orders: args.orders,
  fraudRate: fraudTrainingSettings.fraudRate,
  velocityWindowsMs: rules.velocityWindowsMs,
});

// Warm up the JIT on a few hundred orders first, so the percentiles measure steady-state scoring.
for (const order of orders.slice(0, 500)) assessRisk(order.facts, rules);

const timings = new Float64Array(orders.length);
const scorer: Array<{ flagged: boolean; fraud: boolean }> = [];
const baseline: Array<{ flagged: boolean; fraud: boolean }> = [];
orders.forEach((order, i) => {
  const started = performance.now();
  const assessment = assessRisk(order.facts, rules);
  timings[i] = performance.now() - started;
  scorer.push({ flagged: assessment.band !== "low", fraud: order.fraud });
  const radar = order.facts.radar.riskLevel;
  baseline.push({ flagged: radar === "elevated" || radar === "highest", fraud: order.fraud });
});

const full = fraudMetrics(scorer);
const radarOnly = fraudMetrics(baseline);
timings.sort();
const percentile = (p: number) => timings[Math.min(timings.length - 1, Math.ceil(p * timings.length) - 1)]!;

const frauds = orders.filter((o) => o.fraud).length;
console.log(`orders ${orders.length} (seed ${args.seed}), fraud ${frauds} (${pct(frauds / orders.length)})`);
console.log(`bands: reviewFrom ${rules.reviewFrom}, highFrom ${rules.highFrom}`);
console.log(line("scorer (rules + model)", full));
console.log(line("Radar only (elevated+)", radarOnly));
console.log(
  `scoring ms per order: p50 ${percentile(0.5).toFixed(4)}, p99 ${percentile(0.99).toFixed(4)}, max ${percentile(1).toFixed(4)}`,
);
console.log(
  JSON.stringify({
    bench: "eval-fraud",
    orders: orders.length,
    precision: round4(full.precision),
    recall: round4(full.recall),
    review_rate: round4(full.reviewRate),
    false_positive_rate: round4(full.falsePositiveRate),
    baseline_precision: round4(radarOnly.precision),
    baseline_recall: round4(radarOnly.recall),
    scoring_p99_ms: round4(percentile(0.99)),
  }),
);

function line(label: string, m: FraudMetrics): string {
  return `${label.padEnd(24)} precision ${pct(m.precision)}, recall ${pct(m.recall)}, review rate ${pct(m.reviewRate)}, false positives ${pct(m.falsePositiveRate)}`;
}

function pct(n: number): string {
  return `${(100 * n).toFixed(2)} %`;
}
