import { randomBytes } from "node:crypto";
import { readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type AuditLog, systemActor } from "../audit/audit-log.js";
import { type Config, ConfigError } from "../config.js";
import type { Logger } from "../logger.js";
import { type SecretKindName, secretKindNames, settingOf } from "./secret-kinds.js";
import type { Stored, StoreSecrets, Vault } from "./vault.js";

/** Signing secrets, read on every verification so a rotation takes effect without a restart. */
export interface SecretSource {
  stripeWebhookSecrets(): readonly string[];
  bridgeSecrets(): readonly string[];
}

/** The vault, and the audit trail its start-up changes are recorded in (a Sidecar is one). */
export interface AuditedVault {
  vault: Vault;
  audit: AuditLog;
}

/** One entry per secret the sidecar stored on its own, as `system`: what it is and what it replaced, no value. */
async function recordStored(audit: AuditLog, action: "vault:import" | "vault:generate", stored: Stored) {
  const replaced = stored.replaced.map((r) => r.id);
  for (const { id, kind, scope, fingerprint, createdBy } of stored.created)
    await audit.record({
      actor: systemActor(),
      action,
      target: id,
      detail: { kind, scope, fingerprint, createdBy, replaced },
      outcome: "ok",
    });
}

/** vault.importIfNew, audited: an import that stores nothing (every value known) records nothing. */
export async function importAudited({ vault, audit }: AuditedVault, input: StoreSecrets): Promise<Stored> {
  const stored = await vault.importIfNew(input);
  await recordStored(audit, "vault:import", stored);
  return stored;
}

function configuredValues(config: Config, kind: SecretKindName): string[] {
  const setting = settingOf(kind);
  const raw = setting ? (config as Record<string, unknown>)[setting] : undefined;
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
}

/**
 * Start-up: every secret set in the environment (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRETS, …) is imported when the
 * vault has never stored its fingerprint for that kind. It then becomes the newest and the kind's earlier secrets
 * expire after the overlap, exactly as a rotation. A value seen before is left alone, so a rotation or an expiry
 * made in the vault is not undone by a restart with the old environment.
 */
export async function importConfiguredSecrets(
  target: AuditedVault,
  config: Config,
  options: Partial<Pick<StoreSecrets, "overlapSeconds" | "createdBy" | "supersedes">> = {},
): Promise<void> {
  for (const kind of secretKindNames) {
    const values = configuredValues(config, kind);
    if (values.length === 0) continue;
    await importAudited(target, { ...options, kind, values, createdBy: options.createdBy ?? `env:${settingOf(kind)}` });
  }
}

const signingSecrets = [
  { kind: "stripe_webhook_secret", generate: () => randomBytes(24).toString("hex") },
  { kind: "bridge_secret", generate: () => randomBytes(32).toString("base64") },
] as const;

/**
 * The sidecar cannot verify anything without signing secrets. Production refuses to start without them (from the
 * environment or the vault); a laptop gets generated ones, stored in the vault. To use one of your own (the
 * Stripe CLI's, your plugin's), store it with `sidecar secret set <kind>`.
 */
export async function ensureSigningSecrets(target: AuditedVault, config: Config, logger: Logger): Promise<void> {
  const { vault, audit } = target;
  await importLegacyLocalSecrets(target, config.DATA_DIR, logger);
  for (const { kind, generate } of signingSecrets) {
    if (vault.active(kind).length > 0) continue;
    const setting = settingOf(kind);
    // Generating or demanding a new one would hide the cause: the secrets are there, their key is not.
    const missingKeys = vault.missingMasterKeys(kind);
    if (missingKeys.length > 0)
      throw new ConfigError(
        `the vault's ${kind} secrets are wrapped by master key ${missingKeys.join(", ")}, which is not configured: ` +
          "put that key in VAULT_RETIRED_MASTER_KEYS (or back in VAULT_MASTER_KEY), then `sidecar vault rekey`",
      );
    if (config.NODE_ENV === "production")
      throw new ConfigError(
        `invalid setting ${setting}: required in production (or store one with \`sidecar secret set ${kind}\`)`,
      );
    const { secret, replaced } = await vault.rotate({ kind, value: `whsec_${generate()}`, createdBy: "system" });
    await recordStored(audit, "vault:generate", { created: [secret], replaced });
    logger.info(
      { kind, fingerprint: secret.fingerprint },
      `${setting} not configured: generated a development secret into the vault (\`sidecar secret set ${kind}\` replaces it)`,
    );
  }
}

/** Earlier versions kept generated secrets in plain text in DATA_DIR/local-secrets.json: move them into the vault. */
async function importLegacyLocalSecrets(target: AuditedVault, dataDir: string, logger: Logger): Promise<void> {
  const file = join(dataDir, "local-secrets.json");
  const legacy = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as { stripeWebhookSecret?: string; bridgeSecret?: string },
    () => undefined,
  );
  if (!legacy) return;
  const imports = [
    ["stripe_webhook_secret", legacy.stripeWebhookSecret],
    ["bridge_secret", legacy.bridgeSecret],
  ] as const;
  for (const [kind, value] of imports)
    if (value) await importAudited(target, { kind, values: [value], createdBy: "system" });
  await unlink(file);
  logger.info({ file }, "moved the locally generated signing secrets into the vault and removed the plain-text file");
}

/** The signing secrets the HTTP edge verifies with, read from the vault's cache on every request. */
export function vaultSecretSource(vault: Vault): SecretSource {
  return {
    stripeWebhookSecrets: () => vault.active("stripe_webhook_secret"),
    bridgeSecrets: () => vault.active("bridge_secret"),
  };
}
