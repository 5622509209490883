import { Counter, Gauge, type Registry } from "prom-client";

/** The pruner's metrics, on the sidecar's registry (so /metrics shows them) or a registry of the CLI's own. */
export class RetentionMetrics {
  readonly rowsPruned: Counter<"table">;
  readonly rowsExported: Counter<"table">;
  readonly lastRunSeconds: Gauge;
  readonly tableBytes: Gauge<"table">;
  readonly tableRows: Gauge<"table">;

  constructor(registry: Registry) {
    const registers = [registry];
    this.rowsPruned = new Counter({
      name: "sidecar_retention_rows_pruned_total",
      help: "Rows deleted by the pruner because they outlived their retention, by table",
      labelNames: ["table"],
      registers,
    });
    this.rowsExported = new Counter({
      name: "sidecar_retention_rows_exported_total",
      help: "Pruned rows written to PRUNE_EXPORT_DIR before their deletion committed, by table",
      labelNames: ["table"],
      registers,
    });
    this.lastRunSeconds = new Gauge({
      name: "sidecar_retention_last_run_seconds",
      help: "How long the last pruning run took",
      registers,
    });
    this.tableBytes = new Gauge({
      name: "sidecar_retention_table_bytes",
      help: "Size on disk of each pruned table with its indexes, as of the last pruning run",
      labelNames: ["table"],
      registers,
    });
    this.tableRows = new Gauge({
      name: "sidecar_retention_table_rows",
      help: "Rows in each pruned table as of the last pruning run (the planner's estimate: counting would scan)",
      labelNames: ["table"],
      registers,
    });
  }
}
