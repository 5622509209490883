import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// Production runs the build, never the sandbox: compiles as `npm run build` does (into a folder of its own, so
// a dist/ being used elsewhere is left alone), then runs the same check as CI (scripts/check-production-build.mjs):
// no sandbox module in the output, and `web` with production settings refuses cleanly without resolving one.
const run = promisify(execFile);
const outDir = join(".cache", `production-check-${process.pid}`);

describe("the production build", () => {
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it("holds no sandbox module, and its entry point starts without one", { timeout: 300_000 }, async () => {
    await run("npm", ["run", "-s", "build", "-w", "@nop-stripe/contract"]);
    await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outDir]);
    const { stdout } = await run(process.execPath, ["scripts/check-production-build.mjs", join(outDir)]);
    expect(stdout).toMatch(/no sandbox module or simulator import/);
    expect(stdout).toMatch(/refuses cleanly \(exit 78\): sidecar: invalid setting \w+: required/);
  });
});
