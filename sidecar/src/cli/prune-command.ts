import { Registry } from "prom-client";
import { AuditLog } from "../audit/audit-log.js";
import { openDatabase } from "../db/database.js";
import { createPruner } from "../retention/create-pruner.js";
import type { TableOutcome } from "../retention/pruner.js";
import { adminCommand, auditedRun, CommandFailed } from "./command-support.js";

export const pruneUsage = `usage: sidecar prune [--dry-run]
  prune   deletes now what outlived its retention (RETENTION_* settings), as the worker does every PRUNE_INTERVAL;
          --dry-run prints what would be deleted and deletes nothing`;

const describe = (t: TableOutcome, dryRun: boolean) =>
  dryRun
    ? `${t.table}: ${t.rows} row(s) due${t.oldest ? `, oldest ${t.oldest.toISOString()}` : ""}`
    : `${t.table}: pruned ${t.rows} row(s)${t.exported ? `, exported ${t.exported}` : ""}${t.error ? `; stopped: ${t.error}` : ""}`;

export const runPruneCommand = adminCommand(
  "prune",
  pruneUsage,
  { "": { options: { "dry-run": { type: "boolean" } } } },
  async ({ values }, config, logger, io) => {
    const dryRun = values["dry-run"] === true;
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
    const session = { db, audit: new AuditLog(db.prisma), close: () => db.close() };
    return auditedRun(session, io, dryRun ? "cli:prune --dry-run" : "cli:prune", async () => {
      const report = await createPruner(config, db, new Registry(), logger).run({ dryRun });
      if (report.skipped) throw new CommandFailed("another process is pruning now; nothing was done here");
      for (const table of report.tables) io.out(describe(table, dryRun));
      if (report.tables.length === 0) io.out("every retention setting is off: nothing is pruned");
      const detail = { dryRun, rows: Object.fromEntries(report.tables.map((t) => [t.table, t.rows])) };
      const failed = report.tables.filter((t) => t.error);
      if (failed.length > 0)
        throw new CommandFailed(
          `pruning stopped early for ${failed.map((t) => t.table).join(", ")} (${JSON.stringify(detail)})`,
        );
      return { detail };
    });
  },
);
