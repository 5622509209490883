import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { knownSecrets } from "../vault/known-secrets.js";

/** Who did something: an API token, a person at the command line, or the sidecar itself. */
export interface AuditActor {
  /** "token:<id>", "cli:<os user>" or "system". */
  id: string;
  /** The token's name or the user's login, for people reading the log. */
  name: string;
  /** Client address for API calls, hostname for commands. */
  origin: string;
}

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

/** A copy of `value` with every secret-looking field's value replaced, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, v]) => [name, secretName.test(name) ? "[redacted]" : withoutSecrets(v)]),
  );
}

/** The audit trail: append-only, one row per mutation or administrative command. */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record({ actor, action, target, detail, outcome, error }: AuditRecord): Promise<void> {
    await this.prisma.auditEntry.create({
      data: {
        actor: actor.id,
        actorName: actor.name,
        origin: actor.origin,
        action,
        target: target ?? null,
        detail: withoutSecrets(detail ?? {}) as Prisma.InputJsonObject,
        outcome,
        error: error === undefined ? null : knownSecrets.scrub(error),
      },
    });
  }
}
