import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";

// An example that the sidecar refuses teaches the wrong thing and stops start-up (exit 78) when copied: every
// ORDER_TO_CASH_RULES example in the code's comments and in the docs goes through the setting's own validation.

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** The first JSON object in `text`, from its first `{` to the brace that closes it (examples hold no braces in strings). */
function firstJsonObject(text: string): string | undefined {
  const start = text.indexOf("{");
  let depth = 0;
  for (let i = start; start >= 0 && i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** The example in the doc comment just above the setting in config.ts, with the comment's `*` margins removed. */
function configCommentExample(): string | undefined {
  const source = read("sidecar/src/config.ts");
  const comment = source.slice(0, source.indexOf("ORDER_TO_CASH_RULES:")).split("/**").at(-1) ?? "";
  return firstJsonObject(comment.replace(/^\s*\*\s?/gm, ""));
}

/** Commented-out `# ORDER_TO_CASH_RULES=…` lines, read the way the sidecar reads a .env file. */
function envExamples(path: string): string[] {
  return read(path)
    .split("\n")
    .filter((line) => line.startsWith("# ORDER_TO_CASH_RULES="))
    .map((line) => parseEnv(line.slice(2)).ORDER_TO_CASH_RULES ?? "");
}

/** ```json blocks that are rules documents. */
function markdownExamples(path: string): string[] {
  return [...read(path).matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((block) => block.includes('"defaults"'));
}

const validation = (rules: string) => {
  try {
    loadConfig({ ORDER_TO_CASH_RULES: rules });
    return "valid";
  } catch (err) {
    return (err as Error).message;
  }
};

describe("ORDER_TO_CASH_RULES examples", () => {
  it("in the comment of config.ts is valid", () => {
    const example = configCommentExample();
    expect(example).toBeDefined();
    expect(validation(example!)).toBe("valid");
  });

  it("in .env.example are valid", () => {
    const examples = envExamples(".env.example");
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(validation(example)).toBe("valid");
  });

  it("in the READMEs are valid", () => {
    const examples = ["README.md", "sidecar/src/flows/order-to-cash/README.md"].flatMap(markdownExamples);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(validation(example)).toBe("valid");
  });

  it("are checked for real: the example config.ts used to give is refused", () => {
    expect(
      validation('{"defaults":{"erpSyncPaymentStatuses":["Paid"]},"stores":{"2":{"captureMethod":"manual"}}}'),
    ).toMatch(/^invalid setting ORDER_TO_CASH_RULES: invalid order-to-cash rules at version/);
  });
});
