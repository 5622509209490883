import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Config, ConfigError } from "../config.js";
import type { Logger } from "../logger.js";
import { knownSecrets } from "./known-secrets.js";
import { UnknownMasterKeyError } from "./vault-errors.js";

/** A 256-bit key-encryption key and its public id (recorded on every row it wraps). */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The id is a hash of the key, so it names the key in rows and errors without revealing it. */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHash("sha256").update("nop-stripe-sidecar vault master key id\0").update(key).digest("hex").slice(0, 16)}`;
}

/** Base64 of exactly 32 bytes; the error names the setting, never the value. */
export function parseMasterKey(encoded: string, setting: string): MasterKey {
  const text = encoded.trim();
  const key = Buffer.from(text, "base64");
  if (key.length !== 32 || key.toString("base64") !== text)
    throw new ConfigError(`invalid setting ${setting}: must be base64 of 32 random bytes (openssl rand -base64 32)`);
  knownSecrets.add(text);
  return { id: masterKeyId(key), key };
}

/** The current master key (encrypts) and retired ones (still decrypt until everything is re-wrapped). */
export class MasterKeyRing {
  private readonly byId: Map<string, MasterKey>;

  constructor(
    readonly current: MasterKey,
    retired: readonly MasterKey[] = [],
  ) {
    this.byId = new Map([...retired, current].map((k) => [k.id, k]));
  }

  find(id: string): MasterKey {
    const key = this.byId.get(id);
    if (!key) throw new UnknownMasterKeyError(id);
    return key;
  }

  get retiredIds(): string[] {
    return [...this.byId.keys()].filter((id) => id !== this.current.id);
  }
}

type MasterKeySettings = Pick<
  Config,
  "NODE_ENV" | "DATA_DIR" | "VAULT_MASTER_KEY" | "VAULT_MASTER_KEY_FILE" | "VAULT_RETIRED_MASTER_KEYS"
>;

/**
 * The master key from VAULT_MASTER_KEY or VAULT_MASTER_KEY_FILE. Outside production with neither, one is generated
 * once under DATA_DIR (mode 0600) and reused, or kept in memory for an in-memory database. Production refuses.
 */
export async function loadMasterKeyRing(config: MasterKeySettings, logger: Logger): Promise<MasterKeyRing> {
  const retired = (config.VAULT_RETIRED_MASTER_KEYS ?? []).map((k) => parseMasterKey(k, "VAULT_RETIRED_MASTER_KEYS"));
  return new MasterKeyRing(await currentMasterKey(config, logger), retired);
}

async function currentMasterKey(config: MasterKeySettings, logger: Logger): Promise<MasterKey> {
  if (config.VAULT_MASTER_KEY && config.VAULT_MASTER_KEY_FILE)
    throw new ConfigError("invalid setting VAULT_MASTER_KEY: set it or VAULT_MASTER_KEY_FILE, not both");
  if (config.VAULT_MASTER_KEY) return parseMasterKey(config.VAULT_MASTER_KEY, "VAULT_MASTER_KEY");
  if (config.VAULT_MASTER_KEY_FILE)
    return parseMasterKey(await readKeyFile(config.VAULT_MASTER_KEY_FILE), "VAULT_MASTER_KEY_FILE");
  if (config.NODE_ENV === "production")
    throw new ConfigError("invalid setting VAULT_MASTER_KEY: required in production (or VAULT_MASTER_KEY_FILE)");
  if (config.DATA_DIR.startsWith("memory://")) return parseMasterKey(randomBytes(32).toString("base64"), "memory");
  return localMasterKey(config.DATA_DIR, logger);
}

async function readKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(
      `invalid setting VAULT_MASTER_KEY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * Development: one key per data folder. Written to a private temporary file and then hard-linked into place, so a
 * web and a worker starting together agree on one complete key.
 */
async function localMasterKey(dataDir: string, logger: Logger): Promise<MasterKey> {
  const file = resolve(join(dataDir, "vault-master-key"));
  await mkdir(dataDir, { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(draft, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
    logger.warn({ file }, "no VAULT_MASTER_KEY set: generated a development master key (never use it in production)");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await unlink(draft);
  }
  return parseMasterKey(await readFile(file, "utf8"), file);
}
