import { extractRiskFeatures } from "../risk-features.js";
import type { RiskModelFile } from "../risk-model.js";
import { defaultRiskRules } from "../risk-rules.js";
import { areaUnderCurve, fraudMetrics, round4 } from "./fraud-metrics.js";
import { generateLabelledOrders, type LabelledOrder } from "./generate-labelled-orders.js";
import { logLoss, predict, type SparseRow, trainLogistic } from "./train-logistic.js";

/** What `npm run train:fraud` trains with; changing any of it changes the committed weights file. */
export const fraudTrainingSettings = {
  name: "fraud-logistic",
  version: 1,
  seed: 16,
  orders: 20_000,
  fraudRate: 0.03,
  /** The first 80 % train; the rest measure the metrics written into the file. */
  trainShare: 0.8,
  epochs: 1_500,
  learningRate: 1,
  l2: 0.0005,
};

export type FraudTrainingSettings = typeof fraudTrainingSettings;

/**
 * Generates the labelled orders, turns each into the features the scorer extracts, fits the logistic model on
 * the training share and measures it on the rest (the model alone, flagged from the default reviewFrom).
 * Deterministic: the same settings give the same file, `trainedAt` aside, which the caller supplies.
 */
export function trainFraudModel(settings: FraudTrainingSettings, trainedAt: string): RiskModelFile {
  const orders = generateLabelledOrders({
    seed: settings.seed,
    orders: settings.orders,
    fraudRate: settings.fraudRate,
  });
  const trainCount = Math.round(orders.length * settings.trainShare);
  const featureNames = namesOfModelFeatures(orders.slice(0, trainCount));
  const index = new Map(featureNames.map((name, i) => [name, i]));
  const rows = orders.map((order) => sparseRow(order, index));
  const training = rows.slice(0, trainCount);
  const holdOut = rows.slice(trainCount);
  const fitted = trainLogistic(training, {
    features: featureNames.length,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
  });
  const model = { bias: round6(fitted.bias), weights: fitted.weights.map(round6) };
  const scored = holdOut.map((row) => ({ p: predict(row, model.bias, model.weights), fraud: row.label === 1 }));
  const reviewFrom = defaultRiskRules.defaults.reviewFrom;
  const atReviewFrom = fraudMetrics(
    scored.map((s) => ({ flagged: Math.round(100 * s.p) >= reviewFrom, fraud: s.fraud })),
  );
  return {
    name: settings.name,
    version: settings.version,
    trainedAt,
    bias: model.bias,
    features: featureNames.map((name, i) => ({ name, weight: model.weights[i]! })),
    training: {
      generator: "generate-labelled-orders",
      seed: settings.seed,
      orders: settings.orders,
      fraudRate: settings.fraudRate,
      trainOrders: trainCount,
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      l2: settings.l2,
      metrics: {
        logLoss: round4(logLoss(holdOut, model)),
        auc: round4(areaUnderCurve(scored)),
        precision: round4(atReviewFrom.precision),
        recall: round4(atReviewFrom.recall),
      },
    },
  };
}

/** The model's features: those the extractor produced in training, rule-only ones left to the rules. */
function namesOfModelFeatures(orders: readonly LabelledOrder[]): string[] {
  const names = new Set<string>();
  for (const order of orders) for (const f of extractRiskFeatures(order.facts)) if (!f.ruleOnly) names.add(f.name);
  return [...names].sort();
}

function sparseRow(order: LabelledOrder, index: ReadonlyMap<string, number>): SparseRow {
  const row: SparseRow = { indexes: [], values: [], label: order.fraud ? 1 : 0 };
  for (const feature of extractRiskFeatures(order.facts)) {
    const i = index.get(feature.name);
    if (i === undefined) continue;
    row.indexes.push(i);
    row.values.push(feature.x);
  }
  return row;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
