// npm run train:fraud: trains the fraud model on generated labelled orders and writes its versioned weights
// file (sidecar/src/domain/risk/model/). Deterministic: re-running with the committed settings reproduces the
// committed file byte for byte (its trainedAt is kept when nothing else changed).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fraudTrainingSettings, trainFraudModel } from "../../sidecar/src/domain/risk/training/train-fraud-model.js";

export const committedModelPath = fileURLToPath(
  new URL("../../sidecar/src/domain/risk/model/fraud-logistic-v1.json", import.meta.url),
);

/** The file as written: two-space JSON and a final newline, which biome's formatter leaves as it is. */
export const modelFileText = (file: unknown) => `${JSON.stringify(file, null, 2)}\n`;

function main(): void {
  const previous = readPrevious();
  const keptDate = previous?.trainedAt ?? new Date().toISOString();
  const trained = trainFraudModel(fraudTrainingSettings, keptDate);
  const unchanged = previous !== null && modelFileText(trained) === modelFileText(previous);
  const file = unchanged ? trained : { ...trained, trainedAt: new Date().toISOString() };
  writeFileSync(committedModelPath, modelFileText(file));
  const { metrics } = file.training;
  console.log(
    `${unchanged ? "unchanged" : "wrote"} ${committedModelPath}: ${file.features.length} features, hold-out ` +
      `log loss ${metrics.logLoss}, AUC ${metrics.auc}, precision ${metrics.precision}, recall ${metrics.recall}`,
  );
}

function readPrevious(): { trainedAt: string } | null {
  try {
    return JSON.parse(readFileSync(committedModelPath, "utf8")) as { trainedAt: string };
  } catch {
    return null;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
