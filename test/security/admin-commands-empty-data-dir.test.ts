import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminCommand } from "../../sidecar/src/cli/command-support.js";
import { runSecretCommand } from "../../sidecar/src/cli/secret-command.js";
import { runTokenCommand } from "../../sidecar/src/cli/token-command.js";
import { runVaultCommand } from "../../sidecar/src/cli/vault-command.js";
import { loadConfig } from "../../sidecar/src/config.js";

// An admin who runs a command with the wrong DATA_DIR (or none, from another folder) must not be shown an empty,
// newly created database as if every token and secret were gone: a command that reads refuses the empty folder.

const fail = (err: unknown) => err as { code: number; stdout: string; stderr: string };

describe("admin commands on a DATA_DIR that holds no database", () => {
  let parent: string;
  let dataDir: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "sidecar-empty-data-"));
    dataDir = join(parent, "not-the-sidecars");
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  const expectedRefusal = () =>
    `no sidecar database in ${join(dataDir, "pglite")} (DATA_DIR=${dataDir}); nothing was read or created.`;

  it("`sidecar token list` refuses with one line naming the folder (exit 78), and creates nothing", async () => {
    const run = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "sidecar/src/main.ts", "token", "list"],
      { env: { ...process.env, NODE_ENV: "development", DATABASE_URL: "", DATA_DIR: dataDir }, timeout: 120_000 },
    ).then(() => ({ code: 0, stdout: "", stderr: "" }), fail);
    expect(run.code).toBe(78);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toContain(`sidecar: ${expectedRefusal()}`);
    expect(existsSync(dataDir)).toBe(false); // no database, no master key
  }, 150_000);

  it("every command that reads or changes what exists refuses the same way, before creating anything", async () => {
    const config = loadConfig({ NODE_ENV: "development", DATA_DIR: dataDir });
    const silent = { stdin: process.stdin, out: () => {}, err: () => {} };
    const reading: [AdminCommand, string[]][] = [
      [runTokenCommand, ["list"]],
      [runTokenCommand, ["revoke", "nss_AAAAAAAA"]],
      [runSecretCommand, ["list", "--all"]],
      [runSecretCommand, ["expire", "00000000-0000-4000-8000-000000000000"]],
      [runVaultCommand, ["rekey"]],
    ];
    for (const [command, args] of reading) {
      await expect(command(args, config, pino({ level: "silent" }), silent), args.join(" ")).rejects.toThrow(
        expectedRefusal(),
      );
      expect(existsSync(dataDir)).toBe(false);
    }
  });
});
