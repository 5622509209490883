import { hostname, userInfo } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { AuditActor } from "../audit/audit-log.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { InvalidSecretError } from "../vault/vault-errors.js";
import { openVaultSession, type VaultSession } from "../vault/vault-session.js";

// What the admin commands (secret, token, vault) share: their I/O, the audited run, argument parsing.

/** What a command needs from its process; tests pass their own. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: CommandIo = {
  stdin: process.stdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The person at the command line, as the audit log names them. */
export function cliActor(): AuditActor {
  const user = userInfo().username;
  return { id: `cli:${user}`, name: user, origin: hostname() };
}

/** A refusal the user can fix (bad arguments, unknown id): exit 1 with the message, audited as an error. */
export class CommandFailed extends Error {}

/**
 * Runs `work` on an open vault session and audits it, whatever the outcome. Error messages never hold a secret
 * (the vault's errors describe rules and name ids only).
 */
export async function runAudited(
  config: Config,
  logger: Logger,
  io: CommandIo,
  action: string,
  work: (session: VaultSession) => Promise<{ target?: string; detail?: Record<string, unknown> }>,
): Promise<number> {
  const session = await openVaultSession(config, logger);
  const actor = cliActor();
  try {
    const { target, detail } = await work(session);
    await session.audit.record({ actor, action, target, detail, outcome: "ok" });
    return 0;
  } catch (err) {
    if (!(err instanceof CommandFailed || err instanceof InvalidSecretError)) throw err;
    await session.audit.record({ actor, action, outcome: "error", error: err.message });
    io.err(`sidecar: ${err.message}`);
    return 1;
  } finally {
    await session.close();
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "24h", "90m", "30s", "2d" or a number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new CommandFailed(`--overlap must be a duration such as 24h, 90m, 30s or 0, not "${text}"`);
  return Number(match[1]) * UNITS[match[2] || "s"]!;
}

/** `<sub> [positionals] [--options]`: the subcommand, then the rest parsed leniently (unknown flags pass through). */
export function parseSubcommand<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: false, options });
  return { sub, values, positionals };
}
