import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { PruneExport } from "./prune-export.js";
import type { RetentionMetrics } from "./retention-metrics.js";
import { countDueSql, deleteBatchSql, type RetentionPolicy } from "./retention-policies.js";

export interface PrunerOptions {
  /** Rows per batch: one short transaction each. */
  batchSize: number;
  /** Between batches, so ingest and the workers get the database (PGlite runs one statement at a time). */
  pauseMs: number;
  /** Where pruned rows are written before they are deleted; unset: not exported. */
  export?: PruneExport;
}

export interface TableOutcome {
  table: RetentionPolicy["name"];
  /** Pruned, or with a dry run, due now. */
  rows: number;
  exported: number;
  /** Dry run: the oldest due row's time. */
  oldest?: Date | null;
  /** Why this table's run stopped early (the next run carries on). */
  error?: string;
}

export type PruneReport =
  | { skipped: true }
  | { skipped: false; dryRun: boolean; seconds: number; tables: TableOutcome[] };

const PRUNER_KEY = "sidecar:retention-pruner";

/**
 * Deletes what outlived its retention, table by table, oldest first, in batches until nothing is due. One pruner
 * runs at a time across processes (the others skip their turn). A failed batch rolls back whole (with its export
 * unwritten or written again next time) and ends that table's run; the next run starts over from the oldest row.
 */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    private readonly db: Pick<Database, "sql" | "transaction" | "exclusive" | "backend">,
    private readonly policies: RetentionPolicy[],
    private readonly options: PrunerOptions,
    private readonly metrics: RetentionMetrics,
    private readonly logger: Logger,
  ) {}

  /** One run now. A dry run deletes nothing and says what would go. */
  async run({ dryRun = false, now = Date.now() } = {}): Promise<PruneReport> {
    const started = performance.now();
    const work = async () => {
      const tables: TableOutcome[] = [];
      for (const policy of this.policies) {
        const cutoff = new Date(now - policy.keepMs);
        tables.push(await (dryRun ? this.countDue(policy, cutoff) : this.pruneTable(policy, cutoff)));
      }
      return tables;
    };
    const outcome = dryRun
      ? { ran: true as const, value: await work() }
      : await this.db.exclusive.tryRun(PRUNER_KEY, work);
    if (!outcome.ran) {
      this.logger.info("another process is pruning; this one skips its turn");
      return { skipped: true };
    }
    const seconds = (performance.now() - started) / 1000;
    if (!dryRun) {
      this.metrics.lastRunSeconds.set(seconds);
      await this.recordTableSizes(outcome.value);
      const pruned = Object.fromEntries(outcome.value.map((t) => [t.table, t.rows]));
      this.logger.info({ pruned, seconds: Math.round(seconds * 1000) / 1000 }, "pruning run finished");
    }
    return { skipped: false, dryRun, seconds, tables: outcome.value };
  }

  private async pruneTable(policy: RetentionPolicy, cutoff: Date): Promise<TableOutcome> {
    const result: TableOutcome = { table: policy.name, rows: 0, exported: 0 };
    const sql = deleteBatchSql(policy);
    try {
      while (!this.stopping) {
        const deleted = await this.db.transaction(async (tx) => {
          const { rows } = await tx.query(sql, [cutoff.toISOString(), this.options.batchSize]);
          // Written and flushed before the delete commits: nothing is gone that is not in the export.
          await this.options.export?.write(policy.name, rows as Record<string, unknown>[]);
          return rows.length;
        });
        result.rows += deleted;
        this.metrics.rowsPruned.inc({ table: policy.name }, deleted);
        if (this.options.export) {
          result.exported += deleted;
          this.metrics.rowsExported.inc({ table: policy.name }, deleted);
        }
        if (deleted < this.options.batchSize) break;
        await sleep(this.options.pauseMs);
      }
    } catch (err) {
      result.error = (err as Error).message;
      this.logger.warn({ err, table: policy.name }, "pruning stopped for this run; the next run carries on");
    }
    return result;
  }

  private async countDue(policy: RetentionPolicy, cutoff: Date): Promise<TableOutcome> {
    const { rows } = await this.db.sql.query(countDueSql(policy), [cutoff.toISOString()]);
    const { rows: due, oldest } = rows[0] as { rows: number; oldest: Date | string | null };
    return { table: policy.name, rows: due, exported: 0, oldest: oldest === null ? null : new Date(oldest) };
  }

  /**
   * Table sizes for the metrics. The embedded database has no autovacuum, so the space of deleted rows is made
   * reusable here, or its files would grow as if nothing were pruned (PostgreSQL's autovacuum does this itself).
   */
  private async recordTableSizes(tables: TableOutcome[]): Promise<void> {
    for (const policy of this.policies) {
      try {
        const pruned = tables.find((t) => t.table === policy.name)?.rows ?? 0;
        if (this.db.backend === "pglite" && pruned > 0) await this.db.sql.exec(`VACUUM "${policy.table}"`);
        const { rows } = await this.db.sql.query(
          `SELECT pg_total_relation_size(c.oid)::float8 AS bytes, greatest(c.reltuples, 0)::float8 AS rows
             FROM pg_class c WHERE c.oid = $1::regclass`,
          [`"${policy.table}"`],
        );
        const size = rows[0] as { bytes: number; rows: number };
        this.metrics.tableBytes.set({ table: policy.name }, size.bytes);
        this.metrics.tableRows.set({ table: policy.name }, size.rows);
      } catch (err) {
        this.logger.warn({ err, table: policy.name }, "could not measure a pruned table");
      }
    }
  }

  /** Runs `firstDelayMs` after start, then every `intervalMs` after the previous run ended. */
  start(intervalMs: number, firstDelayMs: number): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.run()
          .catch((err) => this.logger.warn({ err }, "pruning run failed; the next one will try again"))
          .finally(() => {
            this.running = undefined;
            if (!this.stopping) schedule(intervalMs);
          });
      }, delay);
      this.timer.unref();
    };
    schedule(firstDelayMs);
  }

  /** Ends the run in progress after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
