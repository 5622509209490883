import { hostname } from "node:os";
import type { AuditEntry, Prisma } from "../generated/prisma/client.js";
import { scrubCredentials } from "../vault/credential-text.js";
import { maxErrorText, summarizedDetail, summarizedText } from "./audit-summary.js";

/** Who did something: an API token, a person at the command line, or the sidecar itself. */
export interface AuditActor {
  /** "token:<id>", "cli:<os user>" or "system". */
  id: string;
  /** The token's name or the user's login, for people reading the log. */
  name: string;
  /** Client address for API calls, hostname for commands. */
  origin: string;
}

/** The sidecar itself: start-up imports and generated secrets, the first-start token. */
export const systemActor = (): AuditActor => ({ id: "system", name: "sidecar", origin: hostname() });

export interface AuditRecord {
  actor: AuditActor;
  /** e.g. "graphql:replayDeadLetter", "cli:token create", "vault:rotate". */
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  outcome: "ok" | "error";
  error?: string;
}

// Argument names whose values are never written to the log, whatever the action.
const secretName = /secret|password|passphrase|token|apikey|api_key|key$|credential|authorization/i;

/**
 * Text with credentials and every secret the process holds replaced: an API token pasted where an id belongs
 * (`revokeApiToken(id: "nss_…")`) is a secret under any argument name.
 */
export const scrubText = scrubCredentials;

/**
 * A copy of `value` with every secret-looking field's value and every secret in a text replaced, at any depth.
 * Dates become ISO strings (JSON would make them `{}`).
 */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, v]) => [name, secretName.test(name) ? "[redacted]" : withoutSecrets(v)]),
  );
}

/**
 * A stored entry as it may be shown: scrubbed again on the way out, because a value written in clear (pasted into
 * an id argument) may have become a secret since.
 */
export const scrubbedEntry = <E extends Pick<AuditEntry, "target" | "detail" | "error">>(entry: E): E => ({
  ...entry,
  target: entry.target === null ? null : scrubText(entry.target),
  detail: withoutSecrets(entry.detail) as Prisma.JsonValue,
  error: entry.error === null ? null : scrubText(entry.error),
});

/**
 * The audit trail: append-only, one row per mutation or administrative command. Secrets are removed first, then
 * long values are shortened (audit-summary.ts), so an entry's size does not grow with what the caller sent.
 */
export class AuditLog {
  /** A client or a transaction, so an entry can be written with the change it records. */
  constructor(private readonly prisma: Pick<Prisma.TransactionClient, "auditEntry">) {}

  async record({ actor, action, target, detail, outcome, error }: AuditRecord): Promise<void> {
    await this.prisma.auditEntry.create({
      data: {
        actor: actor.id,
        actorName: actor.name,
        origin: actor.origin,
        action,
        target: target === undefined ? null : summarizedText(scrubText(target)),
        detail: summarizedDetail(withoutSecrets(detail ?? {}) as Record<string, unknown>) as Prisma.InputJsonObject,
        outcome,
        error: error === undefined ? null : summarizedText(scrubText(error), maxErrorText),
      },
    });
  }
}
