import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("npm run demo", () => {
  it("drives every scenario through the sandbox and exits 0", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "sidecar/src/sandbox/demo.ts"], {
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: "", REDIS_URL: "" },
    });
    for (const scenario of ["declined", "3-D Secure", "refunds", "dispute", "pays out"])
      expect(stdout).toMatch(new RegExp(`✔ .*${scenario}`));
    expect(stdout).not.toContain("✘");
    expect(stdout).toContain("Every step happened.");
  }, 150_000);
});
