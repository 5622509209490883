import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("npm run demo", () => {
  it("drives every scenario through the sandbox and exits 0", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "demo-test-"));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "sidecar/src/sandbox/demo.ts"], {
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: "", REDIS_URL: "", TMPDIR: tmp },
    });
    // The tour's database is gone with it, and it names no address that stopped answering when it ended.
    expect((await readdir(tmp)).filter((name) => name.startsWith("sidecar-demo-"))).toEqual([]);
    await rm(tmp, { recursive: true });
    expect(stdout).not.toMatch(/http:\/\/[^\s]+\/graphql/);
    expect(stdout).toContain("npm run demo -- --keep-running");
    const scenarios = ["declined", "3-D Secure", "scored low risk and captured", "approves it", "rejected", "refunds"];
    for (const scenario of [...scenarios, "dispute", "pays out"]) expect(stdout).toMatch(new RegExp(`✔ .*${scenario}`));
    expect(stdout).not.toContain("✘");
    expect(stdout).toContain("Every step happened.");
    // Money as people read it (the sandbox store sells in USD), never as a count of minor units.
    expect(stdout).toMatch(/total USD \d{1,3}(,\d{3})*\.\d{2};/);
    expect(stdout).toMatch(/created pi_\w+ for USD \d{1,3}(,\d{3})*\.\d{2} /);
    expect(stdout).not.toContain("minor units");
    // The risk steps: each decision with its score, band, reasons and narrative; the rejected order cancelled.
    expect(stdout.match(/risk {9}score \d+, band (low|review) \(model [\w-]+@\d+\)/g)).toHaveLength(3);
    expect(stdout.match(/risk {9}narrative: \S/g)).toHaveLength(3);
    expect(stdout).toMatch(/canceled \(fraudulent\)/);
    expect(stdout).toMatch(/OrderStatus Cancelled, PaymentStatus Voided; note: Payment cancelled as fraudulent/);
  }, 150_000);
});
