import { describe, expect, it } from "vitest";
import { areaUnderCurve, fraudMetrics } from "./fraud-metrics.js";
import { logLoss, predict, type SparseRow, trainLogistic } from "./train-logistic.js";

/** Feature 0 marks fraud 9 times in 10, feature 1 is noise present everywhere. */
const rows: SparseRow[] = Array.from({ length: 400 }, (_, i) => {
  const fraud = i % 10 === 0;
  const marked = fraud ? i % 100 !== 0 : i % 50 === 1;
  return { indexes: marked ? [0, 1] : [1], values: marked ? [1, 1] : [1], label: fraud ? 1 : 0 };
});
const options = { features: 2, epochs: 300, learningRate: 1, l2: 0.001 };

describe("trainLogistic", () => {
  it("learns a positive weight for the telling feature and fits better than the prior", () => {
    const model = trainLogistic(rows, options);
    expect(model.weights[0]).toBeGreaterThan(2);
    expect(logLoss(rows, model)).toBeLessThan(logLoss(rows, { bias: Math.log(40 / 360), weights: [0, 0] }));
    expect(predict({ indexes: [0, 1], values: [1, 1] }, model.bias, model.weights)).toBeGreaterThan(0.5);
  });

  it("gives the same weights to the last bit for the same rows", () => {
    expect(trainLogistic(rows, options)).toEqual(trainLogistic(rows, options));
  });

  it("shrinks the weights as the L2 penalty grows", () => {
    const loose = trainLogistic(rows, options);
    const tight = trainLogistic(rows, { ...options, l2: 0.1 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!));
  });
});

describe("fraud metrics", () => {
  it("counts precision, recall, review rate and false positives", () => {
    const outcomes = [
      { flagged: true, fraud: true },
      { flagged: true, fraud: false },
      { flagged: false, fraud: true },
      { flagged: false, fraud: false },
      { flagged: false, fraud: false },
    ];
    expect(fraudMetrics(outcomes)).toEqual({
      orders: 5,
      precision: 0.5,
      recall: 0.5,
      reviewRate: 0.4,
      falsePositiveRate: 1 / 3,
    });
    expect(fraudMetrics([])).toEqual({ orders: 0, precision: 0, recall: 0, reviewRate: 0, falsePositiveRate: 0 });
  });

  it("computes the area under the curve with ties counted half", () => {
    expect(
      areaUnderCurve([
        { p: 0.9, fraud: true },
        { p: 0.1, fraud: false },
      ]),
    ).toBe(1);
    expect(
      areaUnderCurve([
        { p: 0.1, fraud: true },
        { p: 0.9, fraud: false },
      ]),
    ).toBe(0);
    expect(
      areaUnderCurve([
        { p: 0.5, fraud: true },
        { p: 0.5, fraud: false },
      ]),
    ).toBe(0.5);
  });
});
