import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRiskModel } from "../../sidecar/src/domain/risk/risk-model.js";
import { fraudTrainingSettings, trainFraudModel } from "../../sidecar/src/domain/risk/training/train-fraud-model.js";
import { committedModelPath, modelFileText } from "./train-fraud.js";

describe("npm run train:fraud", () => {
  const committedText = readFileSync(committedModelPath, "utf8");
  const committed = parseRiskModel(JSON.parse(committedText), committedModelPath).file;

  it("reproduces the committed weights file byte for byte from its recorded settings", () => {
    expect(committed.training).toMatchObject({
      seed: fraudTrainingSettings.seed,
      orders: fraudTrainingSettings.orders,
    });
    const trained = trainFraudModel(fraudTrainingSettings, committed.trainedAt);
    expect(modelFileText(trained)).toBe(committedText);
  });

  it("records hold-out metrics that show the model learned something", () => {
    expect(committed.training.metrics.auc).toBeGreaterThan(0.9);
    expect(committed.training.metrics.precision).toBeGreaterThan(0.5);
  });
});
