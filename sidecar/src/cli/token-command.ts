import { type ApiTokenInfo, ApiTokens, revokeRefusal } from "../auth/api-tokens.js";
import { ApiRole } from "../generated/prisma/enums.js";
import { adminCommand, CommandFailed, cliActor, parseDuration, runAudited } from "./command-support.js";

export const tokenUsage = `usage: sidecar token <create|list|revoke>
  create --name <name> --role <${Object.values(ApiRole).join("|")}> [--store 1,2] [--expires 90d]
                                                prints the new token once, on stdout (only its hash is stored)
  list                                          every token: id, prefix, role, stores, status; never a token
  revoke <id|prefix>                            refused at once on every sidecar process`;

const when = (d: Date | null) => (d ? d.toISOString() : "-");

function status(t: ApiTokenInfo, now: Date): string {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt <= now) return "expired";
  return "active";
}

const describeToken = (t: ApiTokenInfo, now: Date) =>
  [
    t.id,
    t.prefix,
    JSON.stringify(t.name),
    t.role,
    t.storeIds.length ? t.storeIds.join(",") : "all",
    status(t, now),
    when(t.lastUsedAt),
    when(t.expiresAt),
    t.createdBy,
  ].join("  ");

const HEADER = "id  prefix  name  role  stores  status  lastUsedAt  expiresAt  createdBy";

function roleArg(value: unknown): ApiRole {
  const role = String(value ?? "").replace("-", "_");
  if (!(Object.values(ApiRole) as string[]).includes(role))
    throw new CommandFailed(`--role must be one of: ${Object.values(ApiRole).join(", ")}`);
  return role as ApiRole;
}

function storesArg(value: unknown): number[] {
  if (value === undefined) return [];
  const ids = String(value)
    .split(",")
    .map((s) => s.trim());
  if (!ids.every((s) => /^[1-9]\d{0,8}$/.test(s)))
    throw new CommandFailed("--store must be nopCommerce store ids, comma-separated, such as 1,2");
  return ids.map(Number);
}

function expiresArg(value: unknown, now: Date): Date | null {
  if (value === undefined) return null;
  const seconds = parseDuration(String(value), "--expires");
  if (seconds === 0)
    throw new CommandFailed("--expires must be longer than 0 (leave it out for a token that never expires)");
  return new Date(now.getTime() + seconds * 1000);
}

/** `sidecar token create|list|revoke`: each run is audited as the person at the command line. */
export const runTokenCommand = adminCommand(
  "token",
  tokenUsage,
  {
    create: {
      options: {
        name: { type: "string" },
        role: { type: "string" },
        store: { type: "string" },
        expires: { type: "string" },
      },
      mayCreateDatabase: true,
    },
    list: {},
    revoke: { arguments: ["<id|prefix>"] },
  },
  async ({ sub, values, positionals }, config, logger, io) => {
    const now = new Date();
    switch (sub) {
      case "create":
        return runAudited(config, logger, io, "cli:token create", async ({ prisma }) => {
          const request = {
            name: String(values.name ?? ""),
            role: roleArg(values.role),
            storeIds: storesArg(values.store),
            expiresAt: expiresArg(values.expires, now),
          };
          const created = await new ApiTokens(prisma).create({ ...request, createdBy: cliActor().id });
          if (!created.ok) throw new CommandFailed(created.message);
          // The token alone on stdout (TOKEN=$(sidecar token create ...)); what it is goes to stderr.
          io.out(created.token);
          io.err(`created ${describeToken(created.info, now)}`);
          io.err("Shown this once: store it now. Send it as Authorization: Bearer <token>.");
          return { target: created.info.id, detail: { ...request, prefix: created.info.prefix } };
        });
      case "list":
        return runAudited(config, logger, io, "cli:token list", async ({ prisma }) => {
          const tokens = await new ApiTokens(prisma).list();
          io.out(HEADER);
          for (const t of tokens) io.out(describeToken(t, now));
          return { detail: { count: tokens.length } };
        });
      case "revoke":
        return runAudited(config, logger, io, "cli:token revoke", async ({ prisma }) => {
          const which = positionals[0];
          if (!which) throw new CommandFailed("usage: sidecar token revoke <id|prefix>");
          const result = await new ApiTokens(prisma).revoke(which);
          if (result.kind !== "revoked") throw new CommandFailed(revokeRefusal(result, which));
          io.out(HEADER);
          io.out(describeToken(result.info, now));
          return { target: result.info.id, detail: { prefix: result.info.prefix } };
        });
    }
  },
);
