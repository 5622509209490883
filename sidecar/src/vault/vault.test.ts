import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/support/wait-for.js";
import { type Database, openDatabase } from "../db/database.js";
import { MasterKeyRing, parseMasterKey } from "./master-key.js";
import { fingerprintOf } from "./secret-metadata.js";
import { Vault, type VaultOptions } from "./vault.js";
import { InvalidSecretError } from "./vault-errors.js";

const logger = pino({ level: "silent" });
const newKey = () => parseMasterKey(randomBytes(32).toString("base64"), "test");
const whsec = () => `whsec_${randomBytes(24).toString("hex")}`;

describe("Vault", () => {
  let db: Database;
  const master = newKey();
  let clock: Date;
  const vaults: Vault[] = [];
  const open = async (options: Partial<VaultOptions> = {}) => {
    const vault = await Vault.open({
      prisma: db.prisma,
      keys: new MasterKeyRing(master),
      logger,
      refreshMs: 60_000,
      defaultOverlapSeconds: 3600,
      now: () => clock,
      ...options,
    });
    vaults.push(vault);
    return vault;
  };

  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  beforeEach(async () => {
    clock = new Date("2026-11-27T10:00:00Z");
    await db.prisma.vaultSecret.deleteMany();
  });
  afterAll(async () => {
    for (const v of vaults) v.close();
    await db?.close();
  });

  it("stores only ciphertext, fingerprint and last four characters", async () => {
    const vault = await open();
    const value = whsec();
    const { secret } = await vault.rotate({ kind: "stripe_webhook_secret", value, createdBy: "test" });
    const row = await db.prisma.vaultSecret.findUniqueOrThrow({ where: { id: secret.id } });
    expect(JSON.stringify(row)).not.toContain(value);
    expect(Buffer.from(row.ciphertext).toString("utf8")).not.toContain(value.slice(6));
    expect(row).toMatchObject({ last4: value.slice(-4), masterKeyId: master.id, createdBy: "test" });
    expect(secret).toMatchObject({ status: "active", fingerprint: row.fingerprint, kind: "stripe_webhook_secret" });
    expect(vault.active("stripe_webhook_secret")).toEqual([value]);
  });

  it("during the overlap both signing secrets are active; after it only the new one", async () => {
    const vault = await open();
    const [old, next] = [whsec(), whsec()];
    await vault.rotate({ kind: "stripe_webhook_secret", value: old, createdBy: "t" });
    clock = new Date(clock.getTime() + 1000);
    const { secret, replaced } = await vault.rotate({
      kind: "stripe_webhook_secret",
      value: next,
      overlapSeconds: 600,
      createdBy: "t",
    });
    expect(secret.status).toBe("active");
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ status: "retiring", expiresAt: new Date(clock.getTime() + 600_000) });
    expect(vault.active("stripe_webhook_secret")).toEqual([next, old]);
    clock = new Date(clock.getTime() + 599_000);
    expect(vault.active("stripe_webhook_secret")).toEqual([next, old]);
    clock = new Date(clock.getTime() + 1000);
    expect(vault.active("stripe_webhook_secret")).toEqual([next]);
    const listed = await vault.list({ includeExpired: true });
    expect(listed.map((s) => s.status)).toEqual(["active", "expired"]);
  });

  it("a credential the sidecar sends is the newest only, from the moment it is stored", async () => {
    const vault = await open();
    await vault.rotate({ kind: "stripe_api_key", value: "sk_test_first_key_000000001", createdBy: "t" });
    clock = new Date(clock.getTime() + 1000);
    await vault.rotate({ kind: "stripe_api_key", value: "sk_test_second_key_00000002", createdBy: "t" });
    expect(vault.active("stripe_api_key")).toEqual(["sk_test_second_key_00000002"]);
    expect(vault.current("stripe_api_key")).toBe("sk_test_second_key_00000002");
    expect((await vault.list()).map((s) => s.status)).toEqual(["active", "retiring"]);
  });

  it("a store that supersedes one creator's secrets leaves everyone else's as they were", async () => {
    const vault = await open();
    const [operators, sandboxOld, sandboxNew] = [whsec(), whsec(), whsec()];
    await vault.rotate({ kind: "stripe_webhook_secret", value: operators, overlapSeconds: 0, createdBy: "cli:dev" });
    const bySandbox = {
      kind: "stripe_webhook_secret",
      overlapSeconds: 0,
      createdBy: "sandbox",
      supersedes: "sandbox",
    } as const;
    await vault.importIfNew({ ...bySandbox, values: [sandboxOld] });
    clock = new Date(clock.getTime() + 1000);
    await vault.importIfNew({ ...bySandbox, values: [sandboxNew] });
    expect(vault.active("stripe_webhook_secret")).toEqual([sandboxNew, operators]);
  });

  it("expire takes a secret out of use at once; an unknown id is undefined", async () => {
    const vault = await open();
    const value = whsec();
    const { secret } = await vault.rotate({ kind: "stripe_webhook_secret", value, createdBy: "t" });
    const expired = await vault.expire(secret.id);
    expect(expired).toMatchObject({ id: secret.id, status: "expired", expiresAt: clock });
    expect(vault.active("stripe_webhook_secret")).toEqual([]);
    expect(await vault.expire("not-a-uuid")).toBeUndefined();
    expect(await vault.expire("5d2f8a61-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("refuses bad values without echoing them, and a value stored before", async () => {
    const vault = await open();
    const refusals: [Parameters<Vault["rotate"]>[0], RegExp][] = [
      [{ kind: "stripe_api_key", value: "pk_test_publishable_0001", createdBy: "t" }, /must be a Stripe secret/],
      [{ kind: "bridge_secret", value: "not base64 at all!", createdBy: "t" }, /Standard Webhooks secret/],
      [{ kind: "stripe_webhook_secret", value: " whsec_padded_value ", createdBy: "t" }, /whitespace/],
      [{ kind: "stripe_webhook_secret", value: "short", createdBy: "t" }, /at least 8/],
      // Astral characters: their last four UTF-16 units split a surrogate pair, which PostgreSQL cannot store.
      [
        { kind: "llm_api_key", value: "\u{ca9b1}\u{1222d}\u{7479f}\u{ec6e7}\u{ad471}惤", createdBy: "t" },
        /printable ASCII/,
      ],
      [{ kind: "erp_api_key", value: "key\ud800withalonesurrogate", createdBy: "t" }, /printable ASCII/],
      [{ kind: "erp_api_key", value: "key-with-\u0007-bell-0123", createdBy: "t" }, /printable ASCII/],
      [{ kind: "stripe_webhook_secret", value: whsec(), scope: "bad scope!", createdBy: "t" }, /scope must be/],
      [{ kind: "stripe_webhook_secret", value: whsec(), overlapSeconds: -1, createdBy: "t" }, /overlapSeconds/],
      [
        { kind: "stripe_webhook_secret", value: whsec(), overlapSeconds: 3650 * 86_400 + 1, createdBy: "t" },
        /overlapSeconds must be at most 315360000 \(3650 days/,
      ],
    ];
    for (const [input, message] of refusals) {
      const error = await vault.rotate(input).catch((e: Error) => e);
      expect(error).toBeInstanceOf(InvalidSecretError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(input.value.trim());
    }
    const value = whsec();
    await vault.rotate({ kind: "stripe_webhook_secret", value, createdBy: "t" });
    await expect(vault.rotate({ kind: "stripe_webhook_secret", value, createdBy: "t" })).rejects.toThrow(
      /stored before/,
    );
    expect(await db.prisma.vaultSecret.count()).toBe(1);
  });

  it("imports a configured value once: a restart with the same environment does not revive an expired one", async () => {
    const vault = await open();
    const value = whsec();
    const input = { kind: "stripe_webhook_secret" as const, values: [value], createdBy: "env:STRIPE_WEBHOOK_SECRETS" };
    expect((await vault.importIfNew(input)).created).toMatchObject([{ fingerprint: fingerprintOf(value) }]);
    const [stored] = await vault.list();
    await vault.expire(stored!.id);
    expect(await vault.importIfNew(input)).toEqual({ created: [], replaced: [] });
    expect(vault.active("stripe_webhook_secret")).toEqual([]);
  });

  it("a rotation in one process reaches another on the same database at its next refresh", async () => {
    const writer = await open();
    const reader = await open({ refreshMs: 25, now: () => new Date() });
    const value = whsec();
    clock = new Date();
    await writer.rotate({
      kind: "wms_callback_secret",
      value: `whsec_${randomBytes(32).toString("base64")}`,
      createdBy: "t",
    });
    await writer.rotate({ kind: "stripe_webhook_secret", value, overlapSeconds: 0, createdBy: "t" });
    await waitFor(() => reader.active("stripe_webhook_secret").includes(value));
    const [secret] = await writer.list({ kind: "stripe_webhook_secret" });
    await writer.expire(secret!.id);
    await waitFor(() => reader.active("stripe_webhook_secret").length === 0);
  });

  it("rekey re-wraps every row under the new master key; the old key is then no longer needed", async () => {
    const vault = await open();
    const values = [whsec(), whsec()];
    await vault.importIfNew({ kind: "stripe_webhook_secret", values, createdBy: "t" });
    const next = newKey();
    const rotating = await open({ keys: new MasterKeyRing(next, [master]) });
    expect(rotating.active("stripe_webhook_secret").sort()).toEqual([...values].sort());
    const result = await rotating.rekey();
    expect(result).toEqual({ masterKeyId: next.id, rewrapped: 2, failed: [] });
    expect(await db.prisma.vaultSecret.count({ where: { masterKeyId: next.id } })).toBe(2);
    const onlyNew = await open({ keys: new MasterKeyRing(next) });
    expect(onlyNew.active("stripe_webhook_secret").sort()).toEqual([...values].sort());
    expect((await rotating.rekey()).rewrapped).toBe(0);
  });

  it("rekey reports rows whose master key is missing, by id, and leaves them as they were", async () => {
    const vault = await open();
    await vault.importIfNew({ kind: "stripe_webhook_secret", values: [whsec()], createdBy: "t" });
    const stranger = await open({ keys: new MasterKeyRing(newKey()) });
    expect(stranger.active("stripe_webhook_secret")).toEqual([]);
    const result = await stranger.rekey();
    expect(result.rewrapped).toBe(0);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.reason).toContain(master.id);
    expect(await db.prisma.vaultSecret.count({ where: { masterKeyId: master.id } })).toBe(1);
  });
});
