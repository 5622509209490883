import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";
import { riskRulesForStore } from "../../sidecar/src/domain/risk/risk-rules.js";

// A RISK_RULES example the sidecar refuses would stop start-up when copied: the documented ones go through the
// setting's own validation.

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

const envExample = () =>
  read(".env.example")
    .split("\n")
    .filter((line) => line.startsWith("# RISK_RULES="))
    .map((line) => parseEnv(line.slice(2)).RISK_RULES ?? "");

/** ```json blocks of the flow's README that are risk rules documents. */
const readmeExamples = () =>
  [...read("sidecar/src/flows/risk/README.md").matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((block) => block.includes('"decide"'));

describe("RISK_RULES examples", () => {
  it("in .env.example and the flow's README are accepted, store overrides merged", () => {
    const examples = [...envExample(), ...readmeExamples()];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const config = loadConfig({ RISK_RULES: example });
      expect(config.RISK_RULES?.version).toBe(1);
    }
    const [env] = envExample();
    const rules = loadConfig({ RISK_RULES: env! }).RISK_RULES!;
    expect(riskRulesForStore(rules, 2)).toMatchObject({
      decide: "above_amount",
      decideFromMinor: 20000,
      reviewFrom: 35,
    });
  });

  it("rules that cannot hold together are refused by name", () => {
    const [env] = envExample();
    const broken = env!.replace('"reviewFrom":35', '"reviewFrom":90');
    expect(() => loadConfig({ RISK_RULES: broken })).toThrow(/reviewFrom must be below highFrom/);
  });
});
