/**
 * Logistic regression by full-batch gradient descent with an L2 penalty on the weights (not the bias). Rows are
 * sparse (the features present in an order), visited in a fixed order, so the same rows give the same weights
 * to the last bit.
 */
export interface SparseRow {
  /** Feature indexes and their values, same length. */
  indexes: number[];
  values: number[];
  label: 0 | 1;
}

export interface LogisticTraining {
  features: number;
  epochs: number;
  learningRate: number;
  l2: number;
}

export interface LogisticWeights {
  bias: number;
  weights: number[];
}

export function trainLogistic(rows: readonly SparseRow[], options: LogisticTraining): LogisticWeights {
  const weights = new Array<number>(options.features).fill(0);
  const gradient = new Array<number>(options.features).fill(0);
  const positives = rows.reduce((n, row) => n + row.label, 0);
  // Start the bias at the base rate's log-odds, so early epochs learn the signals rather than the prior.
  let bias = Math.log(Math.max(positives, 1) / Math.max(rows.length - positives, 1));
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (const row of rows) {
      const error = predict(row, bias, weights) - row.label;
      biasGradient += error;
      for (let k = 0; k < row.indexes.length; k++) gradient[row.indexes[k]!]! += error * row.values[k]!;
    }
    bias -= (options.learningRate * biasGradient) / rows.length;
    for (let j = 0; j < weights.length; j++)
      weights[j]! -= options.learningRate * (gradient[j]! / rows.length + options.l2 * weights[j]!);
  }
  return { bias, weights };
}

export function predict(row: Pick<SparseRow, "indexes" | "values">, bias: number, weights: readonly number[]): number {
  let z = bias;
  for (let k = 0; k < row.indexes.length; k++) z += weights[row.indexes[k]!]! * row.values[k]!;
  return 1 / (1 + Math.exp(-z));
}

/** Mean negative log-likelihood: how well the probabilities fit the labels (lower is better). */
export function logLoss(rows: readonly SparseRow[], model: LogisticWeights): number {
  const epsilon = 1e-12;
  let total = 0;
  for (const row of rows) {
    const p = predict(row, model.bias, model.weights);
    total -= row.label === 1 ? Math.log(p + epsilon) : Math.log(1 - p + epsilon);
  }
  return total / Math.max(rows.length, 1);
}
