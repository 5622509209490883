import { userInfo } from "node:os";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MasterKeyRing, parseMasterKey } from "../../sidecar/src/vault/master-key.js";
import { fingerprintOf } from "../../sidecar/src/vault/secret-metadata.js";
import { openVaultSession } from "../../sidecar/src/vault/vault-session.js";
import { backends, type Isolated } from "../support/backends.js";
import { type Run, runSidecar } from "../support/spawn-sidecar.js";
import { newMasterKey, newStripeWebhookSecret, vaultConfig } from "./vault-harness.js";

// Each command is a fresh Node process that loads the whole sidecar: slow on a busy machine, hence the timeout.
describe.each(backends)("sidecar secret and vault commands on $name", { timeout: 240_000 }, (backend) => {
  let isolated: Isolated;
  let env: Record<string, string | undefined>;
  const oldKey = newMasterKey();
  const newKey = newMasterKey();
  const [first, second] = [newStripeWebhookSecret(), newStripeWebhookSecret()];
  const runs: Run[] = [];
  const run = async (args: string[], stdin?: string, extra: Record<string, string> = {}) => {
    const result = await runSidecar(args, { ...env, ...extra }, stdin);
    runs.push(result);
    return result;
  };

  beforeAll(async () => {
    // The embedded database lives in a folder the commands and the test open in turn.
    isolated = await backend.isolate({ persistent: true });
    const o = isolated.overrides;
    env = { NODE_ENV: "test", DATA_DIR: o.DATA_DIR, DATABASE_URL: o.DATABASE_URL, VAULT_MASTER_KEY: oldKey };
  });
  afterAll(() => isolated?.cleanup());

  it("set reads the secret from stdin, prints only its fingerprint and last four, and audits who did it", async () => {
    const set = await run(["secret", "set", "stripe_webhook_secret", "--overlap", "0"], `${first}\n`);
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(fingerprintOf(first));
    expect(set.stdout).toContain(first.slice(-4));

    const again = await run(["secret", "set", "stripe_webhook_secret", "--overlap", "1h"], second);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`active\\s+${fingerprintOf(second)}`));
    expect(again.stdout).toMatch(new RegExp(`retiring\\s+${fingerprintOf(first)}`));
  });

  it("refuses a bad value with exit 1 and the rule it breaks, storing nothing and echoing nothing", async () => {
    const bad = await run(["secret", "set", "stripe_api_key"], "pk_test_publishable_key_0001");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("must be a Stripe secret or restricted key");
  });

  it("refuses a mistyped option with exit 2 and one line, before reading the secret or opening anything", async () => {
    const typo = await run(["secret", "set", "stripe_webhook_secret", "--overlaps", "0"], newStripeWebhookSecret());
    expect(typo).toMatchObject({ code: 2, stdout: "" });
    expect(typo.stderr).toBe('sidecar: unknown option --overlaps for "secret set"; options: --scope, --overlap\n');
    // Not audited either: the audit log checked below has no entry for it.
  });

  it("list shows metadata; expire takes one out of use", async () => {
    const list = await run(["secret", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(fingerprintOf(first));
    expect(list.stdout).toContain(fingerprintOf(second));
    const id = new RegExp(`^(\\S+)\\s+stripe_webhook_secret.*${fingerprintOf(first)}`, "m").exec(list.stdout)?.[1];
    expect(id).toBeDefined();
    const expired = await run(["secret", "expire", id!]);
    expect(expired.code).toBe(0);
    expect(expired.stdout).toMatch(new RegExp(`expired\\s+${fingerprintOf(first)}`));
  });

  it("vault rekey moves every secret to the new master key; then the old key is no longer needed", async () => {
    const rekey = await run(["vault", "rekey"], "", { VAULT_MASTER_KEY: newKey, VAULT_RETIRED_MASTER_KEYS: oldKey });
    expect(rekey.stderr).toBe("");
    expect(rekey.code).toBe(0);
    expect(rekey.stdout).toContain(`re-wrapped 2 secret(s) under master key ${parseMasterKey(newKey, "k").id}`);

    const session = await openVaultSession(
      vaultConfig(isolated, { VAULT_MASTER_KEY: newKey }),
      pino({ level: "silent" }),
    );
    try {
      expect(session.keys).toEqual(new MasterKeyRing(parseMasterKey(newKey, "k")));
      expect(session.vault.active("stripe_webhook_secret")).toEqual([second]);
      const audit = await session.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
      expect(audit.map((a) => [a.action, a.outcome])).toEqual([
        ["cli:secret set", "ok"],
        ["cli:secret set", "ok"],
        ["cli:secret set", "error"],
        ["cli:secret list", "ok"],
        ["cli:secret expire", "ok"],
        ["cli:vault rekey", "ok"],
      ]);
      expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([`cli:${userInfo().username}`]));
      const everything = JSON.stringify([audit.map(({ id: _id, ...entry }) => entry), runs]);
      for (const secret of [first, second, "pk_test_publishable_key_0001", oldKey, newKey])
        expect(everything).not.toContain(secret);
    } finally {
      await session.close();
    }
  });

  it("production without a master key stops with one line naming the setting (exit 78)", async () => {
    const refused = await run(["secret", "list"], "", { NODE_ENV: "production", VAULT_MASTER_KEY: "" });
    expect(refused.code).toBe(78);
    expect(refused.stderr.trim()).toBe(
      "sidecar: invalid setting VAULT_MASTER_KEY: required in production (or VAULT_MASTER_KEY_FILE)",
    );
  });
});
