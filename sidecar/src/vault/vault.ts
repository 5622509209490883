import { randomUUID } from "node:crypto";
import type { Config } from "../config.js";
import { MAX_DURATION_DAYS, MAX_DURATION_SECONDS } from "../duration-limit.js";
import type { Prisma, PrismaClient, VaultSecret } from "../generated/prisma/client.js";
import { isUuid } from "../lib/uuid.js";
import type { Logger } from "../logger.js";
import { openSecret, rewrapDataKey, sealSecret } from "./envelope.js";
import { knownSecrets } from "./known-secrets.js";
import type { MasterKeyRing } from "./master-key.js";
import { isSecretKind, type SecretKindName, scopeProblem, secretUse, secretValueProblem } from "./secret-kinds.js";
import { fingerprintOf, isExpired, last4Of, type SecretMetadata, type SecretStatus } from "./secret-metadata.js";
import { InvalidSecretError, VaultError } from "./vault-errors.js";

export interface VaultOptions {
  prisma: PrismaClient;
  keys: MasterKeyRing;
  logger: Logger;
  /** How often the cache is re-read from the database (rotations made by other processes). */
  refreshMs: number;
  /** How long replaced secrets stay valid when a rotation does not say. */
  defaultOverlapSeconds: number;
  now?: () => Date;
}

/** The vault's timing settings from the parsed configuration. */
export const vaultTiming = (config: Pick<Config, "VAULT_REFRESH_MS" | "VAULT_OVERLAP_SECONDS">) => ({
  refreshMs: config.VAULT_REFRESH_MS,
  defaultOverlapSeconds: config.VAULT_OVERLAP_SECONDS,
});

export interface StoreSecrets {
  kind: SecretKindName;
  scope?: string;
  values: readonly string[];
  /** Secrets of this kind and scope stored before expire this long after now (0: at once). */
  overlapSeconds?: number;
  /** "cli:<user>", "token:<id>", "env:<SETTING>", "system". */
  createdBy: string;
  /** Only earlier secrets with this `createdBy` are replaced (the sandbox's own); default: all earlier ones. */
  supersedes?: string;
}

export interface Rotation {
  secret: SecretMetadata;
  /** The secrets it replaced, with their new expiry. */
  replaced: SecretMetadata[];
}

/** What a store changed: the secrets it created (none when every value was known) and those it replaced. */
export interface Stored {
  created: SecretMetadata[];
  replaced: SecretMetadata[];
}

export interface RekeyResult {
  masterKeyId: string;
  rewrapped: number;
  /** Rows that could not be re-wrapped (their master key is missing, or they fail authentication). */
  failed: { id: string; masterKeyId: string; reason: string }[];
}

interface CachedSecret {
  id: string;
  kind: string;
  scope: string;
  value: string;
  activeFrom: Date;
  expiresAt: Date | null;
  createdAt: Date;
}

// Serializes writes to the vault across processes (rotations, imports), so "expire the others, add the new one"
// never interleaves with another rotation of the same kind.
const VAULT_LOCK_KEY = 727_274_002;

const unexpiredAt = (now: Date): Prisma.VaultSecretWhereInput => ({
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** Newest first: the order in which "the current secret" is chosen. */
const newestFirst = <T extends { activeFrom: Date; createdAt: Date; id: string }>(a: T, b: T) =>
  b.activeFrom.getTime() - a.activeFrom.getTime() ||
  b.createdAt.getTime() - a.createdAt.getTime() ||
  (a.id < b.id ? 1 : -1);

function newestPerKindAndScope(rows: VaultSecret[]): Set<string> {
  const newest = new Map<string, VaultSecret>();
  for (const row of rows) {
    const key = `${row.kind}\0${row.scope}`;
    const seen = newest.get(key);
    if (!seen || newestFirst(row, seen) < 0) newest.set(key, row);
  }
  return new Set([...newest.values()].map((r) => r.id));
}

/**
 * Secrets encrypted at rest (see envelope.ts), with rotation by overlap. Reads are synchronous from a decrypted
 * in-memory cache, so verifying a signature costs no I/O; the cache is re-read every `refreshMs` and at once after
 * this process writes, so a rotation made anywhere takes effect within seconds without a restart.
 */
export class Vault {
  private cache: CachedSecret[] = [];
  /** Rows of the last load that could not be decrypted, with the master key they need. */
  private unreadable = new Map<string, { kind: string; masterKeyId: string }>();
  private readonly reported = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly now: () => Date;

  private constructor(private readonly options: VaultOptions) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(options: VaultOptions): Promise<Vault> {
    const vault = new Vault(options);
    await vault.refresh();
    vault.timer = setInterval(() => {
      vault
        .refresh()
        .catch((err: Error) =>
          options.logger.warn({ err: err.message }, "vault refresh failed; kept the cached secrets"),
        );
    }, options.refreshMs);
    vault.timer.unref();
    return vault;
  }

  /** The secrets in use now, newest first: every unexpired one to verify with, only the newest one to send. */
  active(kind: SecretKindName, scope = ""): string[] {
    const now = this.now();
    const live = this.cache
      .filter((s) => s.kind === kind && s.scope === scope && s.activeFrom <= now && !isExpired(s, now))
      .sort(newestFirst)
      .map((s) => s.value);
    return secretUse(kind) === "send" ? live.slice(0, 1) : live;
  }

  /** The newest active secret of a kind, if any. */
  current(kind: SecretKindName, scope = ""): string | undefined {
    return this.active(kind, scope)[0];
  }

  /** The master keys, not configured here, that unexpired secrets of a kind are wrapped by. */
  missingMasterKeys(kind: SecretKindName): string[] {
    return [...new Set([...this.unreadable.values()].filter((u) => u.kind === kind).map((u) => u.masterKeyId))];
  }

  /** A new secret, active now; the kind's earlier secrets in the scope expire after the overlap. */
  async rotate(input: Omit<StoreSecrets, "values"> & { value: string }): Promise<Rotation> {
    const { value, ...rest } = input;
    const { created, replaced } = await this.storeDescribed({ ...rest, values: [value] }, "refuse");
    return { secret: created[0]!, replaced };
  }

  /**
   * Start-up import: stores the values whose fingerprint the vault has never held for this kind and scope (so a
   * secret expired in the vault is not revived by a stale environment).
   */
  importIfNew(input: StoreSecrets): Promise<Stored> {
    return this.storeDescribed(input, "skip");
  }

  /** Expires a secret now. Undefined when there is no such secret. */
  async expire(id: string): Promise<SecretMetadata | undefined> {
    if (!isUuid(id)) return undefined;
    const now = this.now();
    await this.options.prisma.vaultSecret.updateMany({ where: { id, ...unexpiredAt(now) }, data: { expiresAt: now } });
    const row = await this.options.prisma.vaultSecret.findUnique({ where: { id } });
    await this.refresh();
    return row ? this.describe([row])[0] : undefined;
  }

  /** Metadata only, newest first within each kind and scope. */
  async list(
    filter: { kind?: SecretKindName; scope?: string; includeExpired?: boolean } = {},
  ): Promise<SecretMetadata[]> {
    const rows = await this.options.prisma.vaultSecret.findMany({
      where: {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.scope !== undefined ? { scope: filter.scope } : {}),
        ...(filter.includeExpired ? {} : unexpiredAt(this.now())),
      },
    });
    rows.sort((a, b) => a.kind.localeCompare(b.kind) || a.scope.localeCompare(b.scope) || newestFirst(a, b));
    return this.describe(rows);
  }

  /** Re-wraps every data key not under the current master key. Values are neither decrypted nor changed. */
  async rekey(): Promise<RekeyResult> {
    const { keys, prisma } = this.options;
    const rows = await prisma.vaultSecret.findMany({
      where: { masterKeyId: { not: keys.current.id } },
      select: { id: true, kind: true, scope: true, wrappedKey: true, masterKeyId: true },
    });
    const result: RekeyResult = { masterKeyId: keys.current.id, rewrapped: 0, failed: [] };
    for (const row of rows) {
      try {
        const rewrapped = rewrapDataKey(row, row, keys);
        // Only if no one re-wrapped it meanwhile.
        const { count } = await prisma.vaultSecret.updateMany({
          where: { id: row.id, masterKeyId: row.masterKeyId },
          data: rewrapped,
        });
        result.rewrapped += count;
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        result.failed.push({ id: row.id, masterKeyId: row.masterKeyId, reason: err.message });
      }
    }
    return result;
  }

  /** Re-reads the unexpired secrets; only rows not yet in the cache are decrypted. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  close(): void {
    clearInterval(this.timer);
    this.cache = [];
  }

  private async load(): Promise<void> {
    const rows = await this.options.prisma.vaultSecret.findMany({ where: unexpiredAt(this.now()) });
    const known = new Map(this.cache.map((s) => [s.id, s.value]));
    const next: CachedSecret[] = [];
    this.unreadable = new Map();
    for (const row of rows) {
      const value = known.get(row.id) ?? this.decrypt(row);
      if (value === undefined) continue;
      knownSecrets.add(value);
      const { id, kind, scope, activeFrom, expiresAt, createdAt } = row;
      next.push({ id, kind, scope, value, activeFrom, expiresAt, createdAt });
    }
    this.cache = next;
  }

  /** A row that cannot be decrypted is left out (and reported once), so one bad row does not stop the rest. */
  private decrypt(row: VaultSecret): string | undefined {
    try {
      return openSecret(row, row, this.options.keys);
    } catch (err) {
      if (!(err instanceof VaultError)) throw err;
      if (!this.reported.has(row.id))
        this.options.logger.error({ secretId: row.id, kind: row.kind, err: err.message }, "vault secret unreadable");
      this.reported.add(row.id);
      this.unreadable.set(row.id, { kind: row.kind, masterKeyId: row.masterKeyId });
      return undefined;
    }
  }

  private async storeDescribed(input: StoreSecrets, onKnown: "refuse" | "skip"): Promise<Stored> {
    const ids = await this.store(input, onKnown);
    if (ids.created.length === 0) return { created: [], replaced: [] };
    const rows = await this.options.prisma.vaultSecret.findMany({
      where: { id: { in: [...ids.created, ...ids.replaced] } },
    });
    const created = new Set(ids.created);
    const described = this.describe(rows, { newestIds: created });
    return {
      created: described.filter((m) => created.has(m.id)),
      replaced: described.filter((m) => !created.has(m.id)),
    };
  }

  private async store(
    input: StoreSecrets,
    onKnown: "refuse" | "skip",
  ): Promise<{ created: string[]; replaced: string[] }> {
    const { kind, scope = "", createdBy } = input;
    const badScope = scopeProblem(scope);
    if (badScope) throw new InvalidSecretError(badScope);
    for (const value of input.values) {
      // Even a value refused below (a real key pasted with a stray space) must not reach a log line.
      knownSecrets.add(value);
      knownSecrets.add(value.trim());
      const problem = secretValueProblem(kind, value);
      if (problem) throw new InvalidSecretError(`${kind} ${problem}`);
    }
    const overlapSeconds = input.overlapSeconds ?? this.options.defaultOverlapSeconds;
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0)
      throw new InvalidSecretError("overlapSeconds must be a whole number of seconds, 0 or more");
    if (overlapSeconds > MAX_DURATION_SECONDS)
      throw new InvalidSecretError(
        `overlapSeconds must be at most ${MAX_DURATION_SECONDS} (${MAX_DURATION_DAYS} days, ten years)`,
      );
    const outcome = await this.options.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${VAULT_LOCK_KEY})`);
      const known = new Set(
        (await tx.vaultSecret.findMany({ where: { kind, scope }, select: { fingerprint: true } })).map(
          (r) => r.fingerprint,
        ),
      );
      const fresh = [...new Set(input.values)].filter((v) => !known.has(fingerprintOf(v)));
      if (fresh.length < input.values.length && onKnown === "refuse")
        throw new InvalidSecretError(`${kind} was stored before (same fingerprint): a rotation needs a new secret`);
      if (fresh.length === 0) return { created: [], replaced: [] };
      const now = this.now();
      const until = new Date(now.getTime() + overlapSeconds * 1000);
      const superseded = {
        kind,
        scope,
        ...(input.supersedes === undefined ? {} : { createdBy: input.supersedes }),
        OR: [{ expiresAt: null }, { expiresAt: { gt: until } }],
      };
      const replaced = (await tx.vaultSecret.findMany({ where: superseded, select: { id: true } })).map((r) => r.id);
      await tx.vaultSecret.updateMany({ where: superseded, data: { expiresAt: until } });
      const created = fresh.map((value) => {
        const id = randomUUID();
        const sealed = sealSecret(value, { id, kind, scope }, this.options.keys.current);
        return {
          id,
          kind,
          scope,
          fingerprint: fingerprintOf(value),
          last4: last4Of(value),
          ...sealed,
          activeFrom: now,
          createdBy,
        };
      });
      await tx.vaultSecret.createMany({ data: created });
      return { created: created.map((c) => c.id), replaced };
    });
    await this.refresh();
    return outcome;
  }

  /**
   * Status needs the row's neighbours: the newest unexpired secret of a kind and scope is the active one. Rows of
   * verify kinds without an expiry are active too (they are all accepted).
   */
  private describe(rows: VaultSecret[], hint: { newestIds?: Set<string> } = {}): SecretMetadata[] {
    const now = this.now();
    const newestIds = hint.newestIds ?? newestPerKindAndScope(rows.filter((r) => !isExpired(r, now)));
    return rows.map((row) => {
      const kind = row.kind as SecretKindName;
      const status: SecretStatus = isExpired(row, now)
        ? "expired"
        : newestIds.has(row.id) || (row.expiresAt === null && isSecretKind(kind) && secretUse(kind) === "verify")
          ? "active"
          : "retiring";
      return {
        id: row.id,
        kind,
        scope: row.scope,
        fingerprint: row.fingerprint,
        last4: row.last4,
        masterKeyId: row.masterKeyId,
        activeFrom: row.activeFrom,
        expiresAt: row.expiresAt,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
        status,
      };
    });
  }
}
