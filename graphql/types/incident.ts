import type { Incident } from "../../sidecar/src/generated/prisma/client.js";
import { everyStore } from "../access.js";
import { builder } from "../builder.js";

const IncidentRef = builder.objectRef<Incident>("Incident").implement({
  description:
    "An outage of a system (erp, nop, stripe, wms) or a condition (stuck_events): alerted once when it started and once when it ended",
  fields: (t) => ({
    id: t.id({ resolve: (i) => String(i.id) }),
    key: t.exposeString("key", { description: "The system or condition" }),
    open: t.boolean({ resolve: (i) => i.openKey !== null }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    detail: t.exposeString("detail", { nullable: true, description: "What was seen when it started" }),
  }),
});

builder.queryField("incidents", (t) =>
  t.field({
    type: [IncidentRef],
    description: "Outages and stuck-event incidents, newest first",
    authScopes: everyStore,
    args: {
      openOnly: t.arg.boolean({ defaultValue: false }),
      first: t.arg.int({ defaultValue: 20, description: "At most 100" }),
    },
    resolve: (_root, { openOnly, first }, { prisma }) =>
      prisma.incident.findMany({
        where: openOnly ? { openKey: { not: null } } : {},
        orderBy: { startedAt: "desc" },
        take: Math.min(Math.max(first ?? 20, 1), 100),
      }),
  }),
);
