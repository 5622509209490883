import { Readable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Config } from "../config.js";
import { type AdminCommand, CommandFailed, parseDuration } from "./command-support.js";
import { runPayoutsCommand } from "./payouts-command.js";
import { runPruneCommand } from "./prune-command.js";
import { runSecretCommand } from "./secret-command.js";
import { runTokenCommand } from "./token-command.js";
import { runVaultCommand } from "./vault-command.js";

/**
 * Runs a command line that must be refused before anything is opened: the config is empty, so a command that got
 * past its arguments would fail on it instead of answering.
 */
async function refusal(command: AdminCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdin: Readable.from([]), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const code = await command(args, {} as Config, pino({ level: "silent" }), io);
  expect(out).toEqual([]);
  return { code, err: err.join("\n") };
}

describe("admin command lines", () => {
  it.each([
    [
      runTokenCommand,
      ["create", "--name", "x", "--role", "finance", "--stores", "1"],
      'sidecar: unknown option --stores for "token create"; options: --name, --role, --store, --expires',
    ],
    [
      runTokenCommand,
      ["create", "--name", "x", "--role", "finance", "--expire", "1d"],
      'sidecar: unknown option --expire for "token create"; options: --name, --role, --store, --expires',
    ],
    [
      runSecretCommand,
      ["set", "stripe_webhook_secret", "--overlaps", "0"],
      'sidecar: unknown option --overlaps for "secret set"; options: --scope, --overlap',
    ],
    [runSecretCommand, ["list", "-a"], 'sidecar: unknown option -a for "secret list"; options: --kind, --all'],
    [runTokenCommand, ["list", "--all"], 'sidecar: unknown option --all for "token list"; it takes no options'],
    [runVaultCommand, ["rekey", "--force"], 'sidecar: unknown option --force for "vault rekey"; it takes no options'],
    [runPruneCommand, ["--dryrun"], 'sidecar: unknown option --dryrun for "prune"; options: --dry-run'],
    [
      runPayoutsCommand,
      ["backfill", "--since", "2026-01-01"],
      'sidecar: unknown option --since for "payouts backfill"; options: --from, --to',
    ],
  ])("refuses an unknown option with exit 2, naming it and the options there are: %#", async (command, args, line) => {
    expect(await refusal(command, args)).toEqual({ code: 2, err: line });
  });

  it("refuses an option without its value, also when the next option would be taken for it", async () => {
    expect(await refusal(runTokenCommand, ["create", "--role", "finance", "--name"])).toEqual({
      code: 2,
      err: 'sidecar: option --name of "token create" needs a value',
    });
    expect(await refusal(runTokenCommand, ["create", "--name", "--role", "finance"])).toEqual({
      code: 2,
      err: 'sidecar: option --name of "token create" needs a value, not "--role" (--name=--role if that is the value)',
    });
    expect(await refusal(runSecretCommand, ["list", "--all=yes"])).toEqual({
      code: 2,
      err: 'sidecar: option --all of "secret list" takes no value',
    });
  });

  it("refuses an argument where none or fewer are expected", async () => {
    expect(await refusal(runTokenCommand, ["list", "everything"])).toEqual({
      code: 2,
      err: 'sidecar: unexpected argument "everything" for "token list"; it takes none',
    });
    expect(await refusal(runTokenCommand, ["create", "ci", "--name", "ci", "--role", "finance"])).toEqual({
      code: 2,
      err: 'sidecar: unexpected argument "ci" for "token create"; it takes none',
    });
    expect(await refusal(runSecretCommand, ["expire", "a", "b"])).toEqual({
      code: 2,
      err: 'sidecar: unexpected argument "b" for "secret expire"; it takes <id>',
    });
    expect(await refusal(runPruneCommand, ["now"])).toEqual({
      code: 2,
      err: 'sidecar: unexpected argument "now" for "prune"; it takes none',
    });
    expect(await refusal(runVaultCommand, ["rekey", "now"])).toEqual({
      code: 2,
      err: 'sidecar: unexpected argument "now" for "vault rekey"; it takes none',
    });
  });

  it("prints the usage for a missing or unknown subcommand", async () => {
    for (const [command, args, usage] of [
      [runTokenCommand, [], "usage: sidecar token <create|list|revoke>"],
      [runSecretCommand, ["rotate"], "usage: sidecar secret <list|set|expire>"],
      [runVaultCommand, ["--rekey"], "usage: sidecar vault rekey"],
      [runTokenCommand, ["toString"], "usage: sidecar token"],
    ] as const) {
      const { code, err } = await refusal(command, [...args]);
      expect(code).toBe(2);
      expect(err.startsWith(usage)).toBe(true);
    }
  });
});

describe("parseDuration", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(["0", "30", "30s", "90m", "24h", "2d", " 3650d "].map((t) => parseDuration(t, "--overlap"))).toEqual([
      0,
      30,
      30,
      5400,
      86_400,
      172_800,
      3650 * 86_400,
    ]);
  });

  it("refuses what is not a duration, naming the option being read", () => {
    expect(() => parseDuration("1w", "--expires")).toThrow(
      new CommandFailed('--expires must be a duration such as 24h, 90m, 30s or 2d, not "1w"'),
    );
    expect(() => parseDuration("-1h", "--overlap")).toThrow(/^--overlap must be a duration/);
  });

  it("refuses more than ten years, which a date may not even hold", () => {
    expect(() => parseDuration("3651d", "--overlap")).toThrow(
      new CommandFailed('--overlap must be at most 3650d (ten years), not "3651d"'),
    );
    expect(() => parseDuration("99999999999d", "--expires")).toThrow(/^--expires must be at most 3650d/);
    expect(() => parseDuration(`${3650 * 86_400 + 1}`, "--overlap")).toThrow(/at most 3650d/);
  });
});
