// npm run eval:fraud [-- --orders N --seed S]: the full scorer (rules + model + the default bands) against a
// Stripe-Radar-only baseline (elevated or highest -> review) on held-out generated orders (a seed the training
// never saw), and the scoring cost per order without any language model. Ends with one JSON line.
import { defaultRiskRules } from "../../sidecar/src/domain/risk/risk-rules.js";
import { type FraudMetrics, round4 } from "../../sidecar/src/domain/risk/training/fraud-metrics.js";
import { parseArgs } from "../bench/bench-support.js";
import { evaluateFraudScorer, percentile } from "./evaluate-fraud-scorer.js";

const args = parseArgs({ orders: 20_000, seed: 1016 });
const rules = defaultRiskRules.defaults;
const { orders, frauds, scorer, radarOnly, timings } = evaluateFraudScorer({ ...args, rules });
const p99 = percentile(timings, 0.99);

console.log(`orders ${orders} (seed ${args.seed}), fraud ${frauds} (${pct(frauds / orders)})`);
console.log(`bands: reviewFrom ${rules.reviewFrom}, highFrom ${rules.highFrom}`);
console.log(line("scorer (rules + model)", scorer));
console.log(line("Radar only (elevated+)", radarOnly));
console.log(
  `scoring ms per order: p50 ${percentile(timings, 0.5).toFixed(4)}, p99 ${p99.toFixed(4)}, max ${percentile(timings, 1).toFixed(4)}`,
);
console.log(
  JSON.stringify({
    bench: "eval-fraud",
    orders,
    precision: round4(scorer.precision),
    recall: round4(scorer.recall),
    review_rate: round4(scorer.reviewRate),
    false_positive_rate: round4(scorer.falsePositiveRate),
    baseline_precision: round4(radarOnly.precision),
    baseline_recall: round4(radarOnly.recall),
    scoring_p99_ms: round4(p99),
  }),
);

function line(label: string, m: FraudMetrics): string {
  return `${label.padEnd(24)} precision ${pct(m.precision)}, recall ${pct(m.recall)}, review rate ${pct(m.reviewRate)}, false positives ${pct(m.falsePositiveRate)}`;
}

function pct(n: number): string {
  return `${(100 * n).toFixed(2)} %`;
}
