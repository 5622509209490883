import { hostname, userInfo } from "node:os";
import { parseArgs } from "node:util";
import type { AuditActor, AuditLog } from "../audit/audit-log.js";
import type { Config } from "../config.js";
import { requireExistingDatabase } from "../db/require-existing-database.js";
import { durationSeconds, MAX_DURATION_DAYS, MAX_DURATION_SECONDS } from "../duration-limit.js";
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
  work: (session: VaultSession) => Promise<AuditedResult>,
): Promise<number> {
  return auditedRun(await openVaultSession(config, logger), io, action, work);
}

export interface AuditedResult {
  target?: string;
  detail?: Record<string, unknown>;
}

/** Runs `work` on a session the command opened (the vault's, or the database alone), audits it, closes it. */
export async function auditedRun<S extends { audit: AuditLog; close(): Promise<void> }>(
  session: S,
  io: CommandIo,
  action: string,
  work: (session: S) => Promise<AuditedResult>,
): Promise<number> {
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

/** `option`'s value: "24h", "90m", "30s", "2d" or a number of seconds, at most MAX_DURATION_DAYS. */
export function parseDuration(text: string, option: string): number {
  const seconds = durationSeconds(text);
  if (seconds === undefined)
    throw new CommandFailed(`${option} must be a duration such as 24h, 90m, 30s or 2d, not "${text}"`);
  if (seconds > MAX_DURATION_SECONDS)
    throw new CommandFailed(`${option} must be at most ${MAX_DURATION_DAYS}d (ten years), not "${text}"`);
  return seconds;
}

/** A command line that does not fit the command: refused with exit 2 before anything is opened, so nothing changes. */
export class UsageError extends Error {}

/** What one subcommand accepts: its options, and the names of its positional arguments in order. */
export interface Subcommand {
  options?: Record<string, { type: "string" | "boolean" }>;
  arguments?: string[];
  /**
   * It adds something (a token, a secret), so it may start the database in an empty DATA_DIR. Any other subcommand
   * refuses an empty one before anything is created (require-existing-database.ts).
   */
  mayCreateDatabase?: boolean;
}

export interface CommandLine<Sub extends string> {
  sub: Sub;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export type AdminCommand = (args: string[], config: Config, logger: Logger, io?: CommandIo) => Promise<number>;

/**
 * `sidecar <name> <sub> [arguments] [--options]`: an unknown subcommand prints `usage`; a command line that does
 * not fit the subcommand is one line naming the mistake. Both exit 2 without running anything.
 */
export function adminCommand<S extends Record<string, Subcommand>>(
  name: string,
  usage: string,
  subcommands: S,
  run: (line: CommandLine<keyof S & string>, config: Config, logger: Logger, io: CommandIo) => Promise<number>,
): AdminCommand {
  const isSubcommand = (sub: string): sub is keyof S & string => Object.hasOwn(subcommands, sub);
  return async (args, config, logger, io = processIo) => {
    // A command without subcommands (`sidecar prune --dry-run`) declares one named "".
    const [sub = "", ...rest] = Object.hasOwn(subcommands, "") ? ["", ...args] : args;
    if (!isSubcommand(sub)) {
      io.err(usage);
      return 2;
    }
    let line: CommandLine<keyof S & string>;
    try {
      line = { sub, ...parseStrictly(sub ? `${name} ${sub}` : name, rest, subcommands[sub]!) };
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.err(`sidecar: ${err.message}`);
      return 2;
    }
    if (!subcommands[sub]!.mayCreateDatabase) requireExistingDatabase(config);
    return run(line, config, logger, io);
  };
}

/**
 * Strict, because a mistyped option silently ignored changes what a command does (`--stores 1` would create a
 * token for every store): an unknown option, an option without its value or an argument too many is a UsageError.
 */
function parseStrictly(command: string, args: string[], { options = {}, arguments: names = [] }: Subcommand) {
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    // parseArgs keeps only the last of a repeated option: `--store 1 --store 2` would quietly mean store 2 only.
    if (seen.has(token.name)) throw new UsageError(repeatedOption(command, token.name));
    seen.add(token.name);
    const type = Object.hasOwn(options, token.name) ? options[token.name]!.type : undefined;
    if (!type) throw new UsageError(`unknown option ${token.rawName} for "${command}"; ${describeOptions(options)}`);
    if (type === "boolean" && token.value !== undefined)
      throw new UsageError(`option ${token.rawName} of "${command}" takes no value`);
    if (type === "string" && token.value === undefined)
      throw new UsageError(`option ${token.rawName} of "${command}" needs a value`);
    // Without `=`, parseArgs takes the next word even when it is the next option (`--name --role admin`).
    if (type === "string" && !token.inlineValue && token.value?.startsWith("-"))
      throw new UsageError(
        `option ${token.rawName} of "${command}" needs a value, not "${token.value}" (${token.rawName}=${token.value} if that is the value)`,
      );
  }
  if (positionals.length > names.length)
    throw new UsageError(
      `unexpected argument "${positionals[names.length]}" for "${command}"; ${names.length ? `it takes ${names.join(" ")}` : "it takes none"}`,
    );
  return { values: values as CommandLine<string>["values"], positionals };
}

/** A repeated option would silently keep one value; lists (`--store 1,2`) are one comma-separated value. */
const repeatedOption = (command: string, name: string) =>
  `option --${name} of "${command}" is given more than once; give it once (a list is one comma-separated value)`;

const describeOptions = (options: NonNullable<Subcommand["options"]>) => {
  const names = Object.keys(options);
  return names.length ? `options: ${names.map((n) => `--${n}`).join(", ")}` : "it takes no options";
};
