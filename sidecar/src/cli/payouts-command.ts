import { AuditLog } from "../audit/audit-log.js";
import { openDatabase } from "../db/database.js";
import { backfillJob, backfillPayoutsJob } from "../flows/payouts/jobs.js";
import { openJobQueue } from "../jobs/open-job-queue.js";
import { adminCommand, auditedRun, CommandFailed } from "./command-support.js";

export const payoutsUsage = `usage: sidecar payouts backfill [--from <date>] [--to <date>]
  backfill  queues payouts.backfill: Stripe's paid payouts created from..to (ISO 8601, inclusive; default all) are
            reconciled, journaled and posted to the ERP by the workers, each once; payouts already known are skipped`;

function unixSeconds(value: string | boolean | undefined, option: string): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CommandFailed(`--${option} "${value}" is not an ISO 8601 date`);
  return Math.floor(ms / 1000);
}

export const runPayoutsCommand = adminCommand(
  "payouts",
  payoutsUsage,
  { backfill: { options: { from: { type: "string" }, to: { type: "string" } } } },
  async ({ values }, config, _logger, io) => {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
    const session = { db, audit: new AuditLog(db.prisma), close: () => db.close() };
    return auditedRun(session, io, "cli:payouts backfill", async () => {
      const createdFrom = unixSeconds(values.from, "from");
      const createdTo = unixSeconds(values.to, "to");
      const range = {
        ...(createdFrom === undefined ? {} : { createdFrom }),
        ...(createdTo === undefined ? {} : { createdTo }),
      };
      const queue = await openJobQueue(config, db.prisma);
      try {
        await queue.enqueue([backfillJob(range)]);
      } finally {
        await queue.close();
      }
      io.out(`queued ${backfillPayoutsJob.name} for payouts created ${values.from ?? "ever"} to ${values.to ?? "now"}`);
      return { detail: range };
    });
  },
);
