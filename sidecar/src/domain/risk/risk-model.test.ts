import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { defaultRiskModel, parseRiskModel } from "./risk-model.js";

const shipped = defaultRiskModel.file;

describe("the risk model file", () => {
  it("ships validated, its weights keyed by feature name", () => {
    expect(defaultRiskModel).toMatchObject({ name: "fraud-logistic", version: 1, bias: shipped.bias });
    expect(defaultRiskModel.weights.size).toBe(shipped.features.length);
    expect(defaultRiskModel.weights.get("disposable_email_domain")).toBeGreaterThan(0);
  });

  it.each<[string, unknown, RegExp]>([
    [
      "an unknown feature",
      { ...shipped, features: [{ name: "shoe_size", weight: 1 }] },
      /at features\.0\.name: unknown feature "shoe_size"/,
    ],
    [
      "a rule-only signal weighed",
      { ...shipped, features: [{ name: "blocklisted", weight: 9 }] },
      /unknown feature "blocklisted"/,
    ],
    [
      "a feature listed twice",
      { ...shipped, features: [...shipped.features, shipped.features[0]] },
      /at features\.\d+: feature "\w+" is listed twice/,
    ],
    [
      "a weight that is not a number",
      { ...shipped, features: [{ name: "name_mismatch", weight: "2" }] },
      /at features\.0\.weight/,
    ],
    ["no version", { ...shipped, version: undefined }, /at version/],
    ["an unexpected key", { ...shipped, threshold: 0.5 }, /at \(root\)|threshold/],
    ["no training record", { ...shipped, training: undefined }, /at training/],
    ["not an object", [], /at \(root\)/],
  ])("refuses %s, naming the file and the path", (_, input, message) => {
    expect(() => parseRiskModel(input, "models/shop.json")).toThrow(/^invalid risk model models\/shop\.json at /);
    expect(() => parseRiskModel(input, "models/shop.json")).toThrow(message);
  });

  it("accepts velocity features for any window", () => {
    const model = parseRiskModel({ ...shipped, features: [{ name: "velocity_email_15m", weight: 0.4 }] }, "m.json");
    expect(model.weights.get("velocity_email_15m")).toBe(0.4);
  });
});

describe("RISK_MODEL_FILE", () => {
  const dir = mkdtempSync(join(tmpdir(), "risk-model-"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("loads another weights file at start-up", () => {
    const path = file("shop-v2.json", JSON.stringify({ ...shipped, name: "fraud-logistic-shop", version: 2 }));
    expect(loadConfig({ RISK_MODEL_FILE: path }).RISK_MODEL_FILE).toMatchObject({
      name: "fraud-logistic-shop",
      version: 2,
    });
    expect(loadConfig({}).RISK_MODEL_FILE).toBeUndefined();
  });

  it("refuses a wrong file by name, with what is wrong", () => {
    const wrong = file("wrong.json", JSON.stringify({ ...shipped, bias: "high" }));
    expect(() => loadConfig({ RISK_MODEL_FILE: wrong })).toThrow(
      `invalid setting RISK_MODEL_FILE: invalid risk model ${wrong} at bias`,
    );
    const garbage = file("garbage.json", "{not json");
    expect(() => loadConfig({ RISK_MODEL_FILE: garbage })).toThrow(
      `invalid setting RISK_MODEL_FILE: ${garbage} is not JSON`,
    );
    expect(() => loadConfig({ RISK_MODEL_FILE: join(dir, "missing.json") })).toThrow(
      /RISK_MODEL_FILE: ENOENT.*missing\.json/,
    );
  });
});
