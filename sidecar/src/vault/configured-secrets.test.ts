import { randomBytes } from "node:crypto";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../audit/audit-log.js";
import { ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/database.js";
import { type AuditedVault, ensureSigningSecrets, importConfiguredSecrets } from "./configured-secrets.js";
import { MasterKeyRing, parseMasterKey } from "./master-key.js";
import { fingerprintOf } from "./secret-metadata.js";
import { Vault } from "./vault.js";

const logger = pino({ level: "silent" });
const standardSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

describe("secrets from the environment", () => {
  let db: Database;
  let vault: Vault;
  let target: AuditedVault;
  let dir: string;
  const auditTrail = () => db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
    const keys = new MasterKeyRing(parseMasterKey(randomBytes(32).toString("base64"), "test"));
    vault = await Vault.open({ prisma: db.prisma, keys, logger, refreshMs: 60_000, defaultOverlapSeconds: 3600 });
    target = { vault, audit: new AuditLog(db.prisma) };
  });
  beforeEach(async () => {
    await db.prisma.vaultSecret.deleteMany();
    await db.prisma.auditEntry.deleteMany();
    await vault.refresh();
    dir = await mkdtemp(join(tmpdir(), "vault-env-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  afterAll(async () => {
    vault?.close();
    await db?.close();
  });

  it("imports every configured secret once; a changed value becomes the newest, the old one retires", async () => {
    const env = {
      STRIPE_SECRET_KEY: "sk_test_configured_key_0001",
      STRIPE_WEBHOOK_SECRETS: "whsec_first_endpoint_0001, whsec_second_endpoint_0002",
      BRIDGE_SECRETS: standardSecret(),
      NOP_WRITEBACK_SECRET: standardSecret(),
      ERP_API_KEY: "erp-key-0001",
      WMS_API_KEY: "wms-key-0001",
      WMS_CALLBACK_SECRETS: standardSecret(),
    };
    await importConfiguredSecrets(target, loadConfig(env));
    await importConfiguredSecrets(target, loadConfig(env));
    expect(await db.prisma.vaultSecret.count()).toBe(8);
    expect(vault.active("stripe_webhook_secret").sort()).toEqual([
      "whsec_first_endpoint_0001",
      "whsec_second_endpoint_0002",
    ]);
    expect(vault.current("erp_api_key")).toBe("erp-key-0001");
    expect((await vault.list({ kind: "stripe_api_key" }))[0]!.createdBy).toBe("env:STRIPE_SECRET_KEY");

    await importConfiguredSecrets(target, loadConfig({ ...env, STRIPE_SECRET_KEY: "sk_test_configured_key_0002" }));
    expect(vault.current("stripe_api_key")).toBe("sk_test_configured_key_0002");
    expect((await vault.list({ kind: "stripe_api_key" })).map((s) => s.status)).toEqual(["active", "retiring"]);
  });

  it("audits each secret an import stores, as the system, without its value; an import of known values records nothing", async () => {
    const env = { STRIPE_SECRET_KEY: "sk_test_audited_key_0001", STRIPE_WEBHOOK_SECRETS: "whsec_audited_0001" };
    await importConfiguredSecrets(target, loadConfig(env));
    await importConfiguredSecrets(target, loadConfig(env));
    expect(await auditTrail()).toHaveLength(2);

    await importConfiguredSecrets(target, loadConfig({ ...env, STRIPE_SECRET_KEY: "sk_test_audited_key_0002" }));
    const [newest, earlier] = await vault.list({ kind: "stripe_api_key" });
    const trail = await auditTrail();
    expect(trail).toHaveLength(3);
    expect(trail[2]).toMatchObject({
      actor: "system",
      action: "vault:import",
      target: newest!.id,
      detail: {
        kind: "stripe_api_key",
        scope: "",
        fingerprint: fingerprintOf("sk_test_audited_key_0002"),
        createdBy: "env:STRIPE_SECRET_KEY",
        replaced: [earlier!.id],
      },
      outcome: "ok",
      error: null,
    });
    expect(JSON.stringify(trail.map(({ id: _id, ...entry }) => entry))).not.toMatch(/sk_test_audited|whsec_audited/);
  });

  it("production without signing secrets stops, naming the setting", async () => {
    const error = await ensureSigningSecrets(
      target,
      loadConfig({ NODE_ENV: "production", DATA_DIR: dir }),
      logger,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^invalid setting STRIPE_WEBHOOK_SECRETS: required in production/);
  });

  it("a start whose master key cannot open the stored signing secrets names the missing key, not the setting", async () => {
    const config = loadConfig({ NODE_ENV: "production", DATA_DIR: dir, STRIPE_WEBHOOK_SECRETS: "whsec_stored_0001" });
    await importConfiguredSecrets(target, config);
    const storedUnder = (await vault.list())[0]!.masterKeyId;
    const rotatedKey = new MasterKeyRing(parseMasterKey(randomBytes(32).toString("base64"), "test"));
    const reopened = await Vault.open({
      prisma: db.prisma,
      keys: rotatedKey,
      logger,
      refreshMs: 60_000,
      defaultOverlapSeconds: 0,
    });
    try {
      // The environment still names the secret, but the vault knows it already: nothing new is imported.
      await importConfiguredSecrets({ ...target, vault: reopened }, config);
      const error = await ensureSigningSecrets({ ...target, vault: reopened }, config, logger).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        `the vault's stripe_webhook_secret secrets are wrapped by master key ${storedUnder}, which is not configured: ` +
          "put that key in VAULT_RETIRED_MASTER_KEYS (or back in VAULT_MASTER_KEY), then `sidecar vault rekey`",
      );
    } finally {
      reopened.close();
    }
  });

  it("development generates the missing signing secrets into the vault, and keeps configured ones", async () => {
    const bridge = standardSecret();
    const config = loadConfig({ DATA_DIR: dir, BRIDGE_SECRETS: bridge });
    await importConfiguredSecrets(target, config);
    await ensureSigningSecrets(target, config, logger);
    expect(vault.active("bridge_secret")).toEqual([bridge]);
    expect(vault.active("stripe_webhook_secret")).toEqual([expect.stringMatching(/^whsec_[0-9a-f]{48}$/)]);
    const [generated] = await vault.list({ kind: "stripe_webhook_secret" });
    expect(
      (await auditTrail()).map(({ actor, action, target, detail }) => ({ actor, action, target, detail })),
    ).toEqual([
      { actor: "system", action: "vault:import", target: expect.any(String), detail: expect.anything() },
      {
        actor: "system",
        action: "vault:generate",
        target: generated!.id,
        detail: {
          kind: "stripe_webhook_secret",
          scope: "",
          fingerprint: generated!.fingerprint,
          createdBy: "system",
          replaced: [],
        },
      },
    ]);
  });

  it("moves a plain-text local-secrets.json from earlier versions into the vault and deletes it", async () => {
    const legacy = { stripeWebhookSecret: "whsec_legacy_local_0001", bridgeSecret: standardSecret() };
    const file = join(dir, "local-secrets.json");
    await writeFile(file, JSON.stringify(legacy));
    await ensureSigningSecrets(target, loadConfig({ DATA_DIR: dir }), logger);
    expect(vault.active("stripe_webhook_secret")).toEqual([legacy.stripeWebhookSecret]);
    expect(vault.active("bridge_secret")).toEqual([legacy.bridgeSecret]);
    await expect(access(file)).rejects.toThrow();
    expect((await auditTrail()).map((e) => [e.action, (e.detail as { kind: string }).kind])).toEqual([
      ["vault:import", "stripe_webhook_secret"],
      ["vault:import", "bridge_secret"],
    ]);
  });
});
