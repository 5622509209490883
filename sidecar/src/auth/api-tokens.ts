import { z } from "zod";
import { AuditLog, systemActor } from "../audit/audit-log.js";
import { MAX_DURATION_DAYS, MAX_DURATION_SECONDS } from "../duration-limit.js";
import type { ApiToken, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { ApiRole } from "../generated/prisma/enums.js";
import { isUuid } from "../lib/uuid.js";
import { containsCredential } from "../vault/credential-text.js";
import type { Actor } from "./actor.js";
import { generateTokenSecret, hashTokenSecret, looksLikeToken, tokenDisplayPrefix } from "./api-token-secret.js";

/** A token as lists show it: never the secret, never its hash. */
export type ApiTokenInfo = Omit<ApiToken, "tokenHash">;

export const newTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name is required")
    .max(100, "name is at most 100 characters")
    // Names are listed to every admin and in `token list`: a credential there would be one in plaintext.
    .refine((name) => !containsCredential(name), "name must not contain a token, key or secret: name what uses it"),
  role: z.enum(ApiRole),
  storeIds: z
    .array(z.number().int().positive("store ids are positive integers"))
    .max(100)
    .default([])
    .transform((ids) => [...new Set(ids)].sort((a, b) => a - b)),
  expiresAt: z.date().nullable().default(null),
  /** Who asked: "token:<id>" or "cli:<os user>". */
  createdBy: z.string().min(1),
});
export type NewToken = z.input<typeof newTokenSchema>;

export type CreateTokenResult = { ok: true; token: string; info: ApiTokenInfo } | { ok: false; message: string };

export type RevokeTokenResult =
  | { kind: "revoked"; info: ApiTokenInfo }
  | { kind: "already_revoked"; info: ApiTokenInfo }
  | { kind: "not_found" }
  | { kind: "ambiguous"; matches: number };

/** Why a revocation changed nothing, in words for whoever asked (GraphQL or the CLI). */
export function revokeRefusal(result: Exclude<RevokeTokenResult, { kind: "revoked" }>, which: string): string {
  switch (result.kind) {
    case "already_revoked":
      return `token ${which} is already revoked`;
    case "not_found":
      return `no token ${which}`;
    case "ambiguous":
      return `prefix ${which} matches several tokens: give the id`;
  }
}

export interface ApiTokensOptions {
  /** lastUsedAt is written at most this often per token, not on every request. */
  touchIntervalMs?: number;
  now?: () => Date;
}

const info = ({ tokenHash: _hash, ...rest }: ApiToken): ApiTokenInfo => rest;

/** The audit entry of a token the sidecar made itself: what it is, never the token or its hash. */
const systemTokenCreate = ({ id, name, role, storeIds, expiresAt, createdBy, prefix }: ApiTokenInfo) => ({
  actor: systemActor(),
  action: "token:create",
  target: id,
  detail: { name, role, storeIds, expiresAt, createdBy, prefix },
  outcome: "ok" as const,
});

/** API tokens: created and shown once, stored as a sha256, verified per request, revoked by id or prefix. */
export class ApiTokens {
  private readonly touchIntervalMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly prisma: PrismaClient,
    options: ApiTokensOptions = {},
  ) {
    this.touchIntervalMs = options.touchIntervalMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  create(input: NewToken): Promise<CreateTokenResult> {
    return this.insert(this.prisma, input);
  }

  private async insert(db: Prisma.TransactionClient, input: NewToken): Promise<CreateTokenResult> {
    const parsed = newTokenSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `${issue.path.join(".") || "token"}: ${issue.message}` };
    }
    const { name, role, storeIds, expiresAt, createdBy } = parsed.data;
    // An admin can create tokens for any store, so a store-limited admin would be a limit in name only.
    if (role === "admin" && storeIds.length > 0)
      return { ok: false, message: "admin tokens cover every store: give no store ids, or choose another role" };
    if (expiresAt && expiresAt.getTime() <= this.now().getTime())
      return { ok: false, message: "expiresAt must be in the future" };
    if (expiresAt && expiresAt.getTime() > this.now().getTime() + MAX_DURATION_SECONDS * 1000)
      return { ok: false, message: `expiresAt must be at most ${MAX_DURATION_DAYS} days (ten years) ahead` };
    const token = generateTokenSecret();
    const row = await db.apiToken.create({
      data: {
        name,
        role,
        storeIds,
        expiresAt,
        createdBy,
        tokenHash: hashTokenSecret(token),
        prefix: tokenDisplayPrefix(token),
      },
    });
    return { ok: true, token, info: info(row) };
  }

  /** The caller behind a presented token, or null when it is unknown, revoked or expired. */
  async verify(presented: string, origin: string): Promise<Actor | null> {
    if (!looksLikeToken(presented)) return null;
    const row = await this.prisma.apiToken.findUnique({ where: { tokenHash: hashTokenSecret(presented) } });
    const now = this.now();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    await this.touch(row, now);
    return { tokenId: row.id, name: row.name, role: row.role, storeIds: row.storeIds, origin };
  }

  list(): Promise<ApiTokenInfo[]> {
    return this.prisma.apiToken.findMany({
      omit: { tokenHash: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  /** Revokes by id, or by the displayed prefix when exactly one token has it. */
  async revoke(idOrPrefix: string): Promise<RevokeTokenResult> {
    const matches = await this.prisma.apiToken.findMany({
      where: isUuid(idOrPrefix) ? { id: idOrPrefix } : { prefix: idOrPrefix },
      take: 2,
    });
    const [row] = matches;
    if (!row) return { kind: "not_found" };
    if (matches.length > 1) return { kind: "ambiguous", matches: matches.length };
    if (row.revokedAt) return { kind: "already_revoked", info: info(row) };
    const revoked = await this.prisma.apiToken.update({ where: { id: row.id }, data: { revokedAt: this.now() } });
    return { kind: "revoked", info: info(revoked) };
  }

  /**
   * On first start only (no token has ever existed): an admin token, so a newcomer is never locked out.
   * Returns the token to show once, or null. Concurrent start-ups serialize on an advisory lock. Audited in the
   * same transaction, as the sidecar's own act, so whoever starts it the token never exists unrecorded.
   */
  async createInitialAdmin(): Promise<CreateTokenResult | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('nop-stripe-sidecar:initial-admin-token'))`;
      if ((await tx.apiToken.count()) > 0) return null;
      const created = await this.insert(tx, { name: "initial admin", role: "admin", createdBy: "system" });
      if (created.ok) await new AuditLog(tx).record(systemTokenCreate(created.info));
      return created;
    });
  }

  /** Records use at most once per interval; a conditional update so concurrent requests write once. */
  private async touch(row: ApiToken, now: Date): Promise<void> {
    const staleBefore = new Date(now.getTime() - this.touchIntervalMs);
    if (row.lastUsedAt && row.lastUsedAt > staleBefore) return;
    await this.prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
}
