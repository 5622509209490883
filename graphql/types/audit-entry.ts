import { scrubbedEntry } from "../../sidecar/src/audit/audit-log.js";
import type { AuditEntry, Prisma } from "../../sidecar/src/generated/prisma/client.js";
import { adminOnly } from "../access.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";

/** The row with its bigint id as a string, as GraphQL IDs and cursors carry it. */
type AuditEntryView = Omit<AuditEntry, "id"> & { id: string };

const AuditEntryRef = builder.objectRef<AuditEntryView>("AuditEntry").implement({
  description: "One mutation or administrative command: who, what, when, from where, and how it ended",
  authScopes: adminOnly,
  fields: (t) => ({
    id: t.exposeID("id"),
    at: t.expose("at", { type: "DateTime" }),
    actor: t.exposeString("actor", { description: '"token:<id>", "cli:<os user>" or "system"' }),
    actorName: t.exposeString("actorName"),
    action: t.exposeString("action", { description: 'e.g. "graphql:replayDeadLetter", "cli:token create"' }),
    target: t.exposeString("target", { nullable: true }),
    detail: t.expose("detail", { type: "JSON", description: "Arguments, with every secret value removed" }),
    origin: t.exposeString("origin", { description: "Client address (API) or host name (command line)" }),
    outcome: t.exposeString("outcome", { description: "ok or error" }),
    error: t.exposeString("error", { nullable: true }),
  }),
});

const maxBigint = 2n ** 63n - 1n;
/** Audit entry ids are PostgreSQL bigints: digits, at most 2^63 - 1. */
const isBigintId = (id: string) => /^\d{1,19}$/.test(id) && BigInt(id) <= maxBigint;

/** Keyset condition "older than the cursor" on (at desc, id desc). */
function olderThan(after: string | null | undefined): Prisma.AuditEntryWhereInput {
  const cursor = parseAfter(after, isBigintId);
  if (!cursor) return {};
  const { at, id } = cursor;
  return { OR: [{ at: { lt: at } }, { at, id: { lt: BigInt(id) } }] };
}

builder.queryFields((t) => ({
  auditEntries: t.connection({
    type: AuditEntryRef,
    authScopes: adminOnly,
    description: "The audit trail, newest first",
    args: {
      actor: t.arg.string({ description: 'Exact actor, e.g. "token:<id>" or "cli:alice"' }),
      action: t.arg.string({ description: 'Exact action, e.g. "graphql:createApiToken"' }),
      outcome: t.arg.string({ description: "ok or error" }),
      since: t.arg({ type: "DateTime", description: "Inclusive" }),
      until: t.arg({ type: "DateTime", description: "Exclusive" }),
    },
    resolve: async (_root, args, { prisma }) => {
      const size = pageSize(args);
      const rows = await prisma.auditEntry.findMany({
        where: {
          ...(args.actor ? { actor: args.actor } : {}),
          ...(args.action ? { action: args.action } : {}),
          ...(args.outcome ? { outcome: args.outcome } : {}),
          at: { ...(args.since ? { gte: args.since } : {}), ...(args.until ? { lt: args.until } : {}) },
          ...olderThan(args.after),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: size + 1,
      });
      return toConnection(
        rows.map((row) => ({ ...scrubbedEntry(row), id: String(row.id) })),
        size,
        (e) => e.at,
      );
    },
  }),
}));
