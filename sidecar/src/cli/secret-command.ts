import { isSecretKind, type SecretKindName, secretKindNames } from "../vault/secret-kinds.js";
import type { SecretMetadata } from "../vault/secret-metadata.js";
import { adminCommand, CommandFailed, type CommandIo, cliActor, parseDuration, runAudited } from "./command-support.js";

export const secretUsage = `usage: sidecar secret <list|set|expire>
  list [--kind <kind>] [--all]                  metadata only (fingerprint, last 4, status); --all includes expired
  set <kind> [--scope <s>] [--overlap <24h>]    reads the new secret from stdin (never an argument: ps shows those);
                                                the kind's earlier secrets expire after the overlap (0 for at once)
  expire <id>                                   expires one secret now
  kinds: ${secretKindNames.join(", ")}`;

/** The whole of piped stdin, without the one line break `echo` or a here-string adds; typed at a terminal, hidden. */
export async function readSecretFromStdin(io: CommandIo, prompt: string): Promise<string> {
  if (io.stdin.isTTY) {
    io.err(`${prompt} (typing is not shown, Enter ends):`);
    return readHidden(io.stdin as NodeJS.ReadStream);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function readHidden(tty: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      tty.off("data", onData);
      tty.setRawMode(false);
      tty.pause();
      outcome();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish(() => resolve(value));
        if (ch === "\u0003") return finish(() => reject(new CommandFailed("cancelled")));
        value = ch === "\u007f" || ch === "\b" ? value.slice(0, -1) : value + ch;
      }
    };
    tty.setRawMode(true);
    tty.setEncoding("utf8");
    tty.on("data", onData);
    tty.resume();
  });
}

const when = (d: Date | null) => (d ? d.toISOString() : "-");

export const describeSecret = (s: SecretMetadata) =>
  [
    s.id,
    s.kind,
    s.scope || "-",
    s.status,
    s.fingerprint,
    s.last4 || "-",
    when(s.activeFrom),
    when(s.expiresAt),
    s.createdBy,
  ].join("  ");

const HEADER = "id  kind  scope  status  fingerprint  last4  activeFrom  expiresAt  createdBy";

function kindArg(value: string | undefined): SecretKindName {
  if (!value || !isSecretKind(value)) throw new CommandFailed(`kind must be one of: ${secretKindNames.join(", ")}`);
  return value;
}

/** `sidecar secret list|set|expire`: each run is audited as the person at the command line. */
export const runSecretCommand = adminCommand(
  "secret",
  secretUsage,
  {
    list: { options: { kind: { type: "string" }, all: { type: "boolean" } } },
    set: {
      options: { scope: { type: "string" }, overlap: { type: "string" } },
      arguments: ["<kind>"],
      mayCreateDatabase: true,
    },
    expire: { arguments: ["<id>"] },
  },
  async ({ sub, values, positionals }, config, logger, io) => {
    const scope = String(values.scope ?? "");
    switch (sub) {
      case "list":
        return runAudited(config, logger, io, "cli:secret list", async ({ vault }) => {
          const kind = values.kind === undefined ? undefined : kindArg(String(values.kind));
          const secrets = await vault.list({ ...(kind ? { kind } : {}), includeExpired: values.all === true });
          io.out(HEADER);
          for (const s of secrets) io.out(describeSecret(s));
          return { detail: { kind: kind ?? null, includeExpired: values.all === true, count: secrets.length } };
        });
      case "set":
        return runAudited(config, logger, io, "cli:secret set", async ({ vault }) => {
          const kind = kindArg(positionals[0]);
          const overlapSeconds =
            values.overlap === undefined ? undefined : parseDuration(String(values.overlap), "--overlap");
          const value = await readSecretFromStdin(io, `new ${kind}`);
          const { secret, replaced } = await vault.rotate({
            kind,
            scope,
            value,
            createdBy: cliActor().id,
            ...(overlapSeconds === undefined ? {} : { overlapSeconds }),
          });
          io.out(HEADER);
          for (const s of [secret, ...replaced]) io.out(describeSecret(s));
          return {
            target: `${kind}/${scope}`,
            detail: {
              id: secret.id,
              fingerprint: secret.fingerprint,
              overlapSeconds: overlapSeconds ?? null,
              replaced: replaced.map((r) => r.id),
            },
          };
        });
      case "expire":
        return runAudited(config, logger, io, "cli:secret expire", async ({ vault }) => {
          const id = positionals[0];
          if (!id) throw new CommandFailed("usage: sidecar secret expire <id>");
          const expired = await vault.expire(id);
          if (!expired) throw new CommandFailed(`no secret with id ${id}`);
          io.out(HEADER);
          io.out(describeSecret(expired));
          return { target: id, detail: { kind: expired.kind, scope: expired.scope, fingerprint: expired.fingerprint } };
        });
    }
  },
);
