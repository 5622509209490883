import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminCommand } from "../../sidecar/src/cli/command-support.js";
import { runSecretCommand } from "../../sidecar/src/cli/secret-command.js";
import { runTokenCommand } from "../../sidecar/src/cli/token-command.js";
import { runVaultCommand } from "../../sidecar/src/cli/vault-command.js";
import { type Config, loadConfig } from "../../sidecar/src/config.js";
import { type Database, openDatabase } from "../../sidecar/src/db/database.js";
import { fingerprintOf } from "../../sidecar/src/vault/secret-metadata.js";
import { backends, type Isolated } from "../support/backends.js";

const logger = pino({ level: "silent" });
const newStripeWebhookSecret = () => `whsec_${randomBytes(24).toString("hex")}`;
const newMasterKey = () => randomBytes(32).toString("base64");

// The admin commands in this process, one after another as an operator runs them: on the embedded backend each
// one opens, locks, closes and unlocks the same database folder.
describe.each(backends)("admin commands and their documented options on $name", (backend) => {
  let isolated: Isolated;
  const [masterKey, nextMasterKey] = [newMasterKey(), newMasterKey()];
  // Only the settings the commands read: unlike the vault harness, nothing here loads the HTTP and GraphQL stacks.
  const configWith = (env: Record<string, string>): Config => ({
    ...loadConfig({ NODE_ENV: "test", ...env }),
    ...isolated.overrides,
  });
  let config: Config;
  beforeAll(async () => {
    isolated = await backend.isolate({ persistent: true });
    config = configWith({ VAULT_MASTER_KEY: masterKey });
  });
  afterAll(() => isolated?.cleanup());

  async function run(command: AdminCommand, args: string[], stdin = "", settings = config) {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdin: Readable.from([stdin]), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const code = await command(args, settings, logger, io);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  async function inDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  const auditLog = () =>
    inDatabase((db) =>
      db.prisma.auditEntry.findMany({ orderBy: { id: "asc" }, select: { action: true, outcome: true } }),
    );

  it("token create, list and revoke take their options and arguments", async () => {
    const created = await run(runTokenCommand, [
      "create",
      "--name",
      "ci",
      "--role",
      "read-only",
      "--store",
      "2,1",
      "--expires=90d",
    ]);
    expect(created).toMatchObject({ code: 0, out: expect.stringMatching(/^nss_\S{43}$/) });
    const prefix = created.out.slice(0, 12);

    const listed = await run(runTokenCommand, ["list"]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${prefix}  "ci"  read_only  1,2  active`);

    const revoked = await run(runTokenCommand, ["revoke", prefix]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`${prefix}  "ci"  read_only  1,2  revoked`);

    const token = await inDatabase((db) => db.prisma.apiToken.findFirstOrThrow({ where: { name: "ci" } }));
    expect(Math.round((token.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(90);
  });

  it("secret set, list and expire, and vault rekey, take their options and arguments", async () => {
    const [first, second] = [newStripeWebhookSecret(), newStripeWebhookSecret()];
    const set = ["set", "stripe_webhook_secret", "--scope", "shop-2"];
    expect((await run(runSecretCommand, [...set, "--overlap", "0"], first)).code).toBe(0);
    const rotated = await run(runSecretCommand, [...set, "--overlap", "1h"], second);
    expect(rotated.code).toBe(0);
    expect(rotated.out).toMatch(new RegExp(`shop-2\\s+retiring\\s+${fingerprintOf(first)}`));

    const listed = await run(runSecretCommand, ["list", "--kind", "stripe_webhook_secret", "--all"]);
    expect(listed.code).toBe(0);
    const id = new RegExp(`^(\\S+)\\s.*${fingerprintOf(first)}`, "m").exec(listed.out)?.[1];
    expect(id).toBeDefined();

    const expired = await run(runSecretCommand, ["expire", id!]);
    expect(expired.code).toBe(0);
    expect(expired.out).toMatch(new RegExp(`expired\\s+${fingerprintOf(first)}`));
    expect((await run(runSecretCommand, ["list"])).out).not.toContain(fingerprintOf(first)); // expired: --all only

    const rotatedKeys = configWith({ VAULT_MASTER_KEY: nextMasterKey, VAULT_RETIRED_MASTER_KEYS: masterKey });
    const rekeyed = await run(runVaultCommand, ["rekey"], "", rotatedKeys);
    expect(rekeyed).toMatchObject({ code: 0, out: expect.stringMatching(/^re-wrapped 2 secret\(s\)/) });
  });

  it("refuses a repeated option, which would keep only its last value, suggesting the one-value form", async () => {
    const tokens = () => inDatabase((db) => db.prisma.apiToken.count());
    const before = await tokens();
    const repeated = await run(runTokenCommand, [
      "create",
      "--name",
      "two",
      "--role",
      "finance",
      "--store",
      "1",
      "--store=2",
    ]);
    expect(repeated).toEqual({
      code: 2,
      out: "",
      err: 'sidecar: option --store of "token create" is given more than once; give it once (a list is one comma-separated value)',
    });
    expect(await tokens()).toBe(before);
  });

  it("audits a token's expiry as its ISO date, not as {}", async () => {
    expect(
      (await run(runTokenCommand, ["create", "--name", "brief", "--role", "finance", "--expires", "20s"])).code,
    ).toBe(0);
    const [token, entry] = await inDatabase((db) =>
      Promise.all([
        db.prisma.apiToken.findFirstOrThrow({ where: { name: "brief" } }),
        db.prisma.auditEntry.findFirstOrThrow({ where: { action: "cli:token create" }, orderBy: { id: "desc" } }),
      ]),
    );
    expect(entry.detail).toMatchObject({ name: "brief", expiresAt: token.expiresAt!.toISOString() });
  });

  it("refuses a duration beyond ten years naming its option, audits the refusal and stores nothing", async () => {
    const before = await auditLog();
    const token = await run(runTokenCommand, [
      "create",
      "--name",
      "long",
      "--role",
      "finance",
      "--expires",
      "99999999999d",
    ]);
    expect(token).toEqual({
      code: 1,
      out: "",
      err: 'sidecar: --expires must be at most 3650d (ten years), not "99999999999d"',
    });
    const secret = await run(
      runSecretCommand,
      ["set", "llm_api_key", "--scope", "t2", "--overlap", "999999999999d"],
      "sk-llm-key-0001",
    );
    expect(secret).toEqual({
      code: 1,
      out: "",
      err: 'sidecar: --overlap must be at most 3650d (ten years), not "999999999999d"',
    });
    // A mistyped option is refused before anything is opened: not even audited.
    expect((await run(runTokenCommand, ["create", "--name", "all", "--role", "finance", "--stores", "1"])).code).toBe(
      2,
    );

    expect(await auditLog()).toEqual([
      ...before,
      { action: "cli:token create", outcome: "error" },
      { action: "cli:secret set", outcome: "error" },
    ]);
    await inDatabase(async ({ prisma }) => {
      expect(await prisma.apiToken.count({ where: { name: { in: ["long", "all"] } } })).toBe(0);
      expect(await prisma.vaultSecret.count({ where: { kind: "llm_api_key" } })).toBe(0);
    });
  });
});
