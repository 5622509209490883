import type { Registry } from "prom-client";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { PruneExport } from "./prune-export.js";
import { Pruner } from "./pruner.js";
import { RetentionMetrics } from "./retention-metrics.js";
import { retentionPolicies } from "./retention-policies.js";
import { STRIPE_RETRY_MS } from "./retention-settings.js";

/** Short enough that a run never holds the database long, long enough that ingest gets it between batches. */
const PAUSE_BETWEEN_BATCHES_MS = 20;

/** The pruner the settings describe, for the worker role and the `prune` command alike. */
export function createPruner(
  config: Config,
  db: Pick<Database, "sql" | "transaction" | "exclusive" | "backend">,
  registry: Registry,
  logger: Logger,
): Pruner {
  if (config.DEDUP_WINDOW < STRIPE_RETRY_MS)
    logger.warn(
      { DEDUP_WINDOW_ms: config.DEDUP_WINDOW },
      "DEDUP_WINDOW is shorter than Stripe's three days of retries: a late redelivery of a pruned event would be stored and processed again",
    );
  return new Pruner(
    db,
    retentionPolicies(config),
    {
      batchSize: config.PRUNE_BATCH,
      pauseMs: PAUSE_BETWEEN_BATCHES_MS,
      export: config.PRUNE_EXPORT_DIR ? new PruneExport(config.PRUNE_EXPORT_DIR) : undefined,
    },
    new RetentionMetrics(registry),
    logger,
  );
}
