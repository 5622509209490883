import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { loadMasterKeyRing, parseMasterKey } from "./master-key.js";

describe("loadMasterKeyRing", () => {
  let dir: string;
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "vault-key-"));
    lines.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const settings = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...env });

  it("development without a key: generates one under DATA_DIR (0600), says so without the key, reuses it", async () => {
    const first = await loadMasterKeyRing(settings({}), logger);
    const file = join(dir, "vault-master-key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const encoded = (await readFile(file, "utf8")).trim();
    expect(parseMasterKey(encoded, "file").id).toBe(first.current.id);
    expect(lines.join("")).toContain("generated a development master key");
    expect(lines.join("")).not.toContain(encoded);
    const again = await loadMasterKeyRing(settings({}), logger);
    expect(again.current.id).toBe(first.current.id);
    expect(lines).toHaveLength(1);
  });

  it("two processes starting together agree on one key", async () => {
    const rings = await Promise.all([1, 2, 3, 4].map(() => loadMasterKeyRing(settings({}), logger)));
    expect(new Set(rings.map((r) => r.current.id)).size).toBe(1);
  });

  it("reads VAULT_MASTER_KEY, or VAULT_MASTER_KEY_FILE, and the retired keys", async () => {
    const [current, retired] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64")];
    const ring = await loadMasterKeyRing(
      settings({ VAULT_MASTER_KEY: current, VAULT_RETIRED_MASTER_KEYS: retired }),
      logger,
    );
    expect(ring.current.id).toBe(parseMasterKey(current, "k").id);
    expect(ring.retiredIds).toEqual([parseMasterKey(retired, "k").id]);
    const file = join(dir, "mounted");
    await writeFile(file, `${current}\n`);
    expect((await loadMasterKeyRing(settings({ VAULT_MASTER_KEY_FILE: file }), logger)).current.id).toBe(
      ring.current.id,
    );
  });

  it.each([
    [{ NODE_ENV: "production" }, "invalid setting VAULT_MASTER_KEY: required in production (or VAULT_MASTER_KEY_FILE)"],
    [{ VAULT_MASTER_KEY: "too-short" }, "invalid setting VAULT_MASTER_KEY: must be base64 of 32 random bytes"],
    [{ VAULT_MASTER_KEY_FILE: "/nonexistent/key" }, "invalid setting VAULT_MASTER_KEY_FILE: cannot read"],
    [
      { VAULT_MASTER_KEY: randomBytes(32).toString("base64"), VAULT_MASTER_KEY_FILE: "/x" },
      "invalid setting VAULT_MASTER_KEY: set it or VAULT_MASTER_KEY_FILE, not both",
    ],
  ])("refuses %o with one line naming the setting", async (env, message) => {
    const error = await loadMasterKeyRing(settings(env), logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });
});
