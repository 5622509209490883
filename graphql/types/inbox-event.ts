import type { InboxEvent } from "../../sidecar/src/generated/prisma/client.js";
import { InboxStatus } from "../../sidecar/src/generated/prisma/enums.js";
import { knownInboxSources } from "../../sidecar/src/inbox/inbox-event.js";
import { operationsData } from "../access.js";
import { isUuid, uuidId } from "../arguments.js";
import { builder } from "../builder.js";
import { afterCursor, pageSize, toConnection } from "../pagination.js";

export const InboxSourceEnum = builder.enumType("InboxSource", { values: knownInboxSources });
export const InboxStatusEnum = builder.enumType("InboxStatus", { values: Object.values(InboxStatus) });

export const InboxEventRef = builder.objectRef<InboxEvent>("InboxEvent").implement({
  description: "An event received from Stripe or the nopCommerce bridge, stored once per (source, eventId)",
  authScopes: operationsData,
  fields: (t) => ({
    id: t.exposeID("id"),
    source: t.field({ type: InboxSourceEnum, resolve: (e) => e.source as (typeof knownInboxSources)[number] }),
    eventId: t.exposeString("eventId", {
      description: "The sender's id: evt_... for Stripe, the outbox GUID for the bridge",
    }),
    type: t.exposeString("type"),
    status: t.field({ type: InboxStatusEnum, resolve: (e) => e.status }),
    occurredAt: t.expose("occurredAt", { type: "DateTime", nullable: true }),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    enqueuedAt: t.expose("enqueuedAt", { type: "DateTime", nullable: true }),
    processedAt: t.expose("processedAt", { type: "DateTime", nullable: true }),
    attempts: t.exposeInt("attempts"),
    lastError: t.exposeString("lastError", { nullable: true }),
    payload: t.expose("payload", {
      type: "JSON",
      description: "The body as the flows read it: characters jsonb cannot hold (NUL, unpaired surrogates) are U+FFFD",
    }),
    signedBody: t.string({
      nullable: true,
      description: "The body exactly as signed and received, base64 (null for events stored before it was kept)",
      resolve: (e) => (e.signedBody ? Buffer.from(e.signedBody).toString("base64") : null),
    }),
  }),
});

builder.queryFields((t) => ({
  inboxEvent: t.field({
    type: InboxEventRef,
    nullable: true,
    authScopes: operationsData,
    args: { id: t.arg.id({ required: true, ...uuidId }) },
    resolve: (_root, { id }, { prisma }) => prisma.inboxEvent.findUnique({ where: { id: String(id) } }),
  }),
  inboxEvents: t.connection({
    type: InboxEventRef,
    authScopes: operationsData,
    description: "Newest first",
    args: {
      source: t.arg({ type: InboxSourceEnum }),
      type: t.arg.string(),
      status: t.arg({ type: InboxStatusEnum }),
      receivedAfter: t.arg({ type: "DateTime" }),
      receivedBefore: t.arg({ type: "DateTime" }),
    },
    resolve: async (_root, args, { prisma }) => {
      const size = pageSize(args);
      const rows = await prisma.inboxEvent.findMany({
        where: {
          ...(args.source ? { source: args.source } : {}),
          ...(args.type ? { type: args.type } : {}),
          ...(args.status ? { status: args.status } : {}),
          receivedAt: {
            ...(args.receivedAfter ? { gte: args.receivedAfter } : {}),
            ...(args.receivedBefore ? { lt: args.receivedBefore } : {}),
          },
          ...afterCursor("receivedAt", args.after, isUuid),
        },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: size + 1,
      });
      return toConnection(rows, size, (e) => e.receivedAt);
    },
  }),
}));
