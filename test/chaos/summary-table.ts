// The closing table of `npm run chaos`: one row per experiment run, the same numbers as its JSON line.
import type { ExperimentResult } from "./run-experiment.js";

export type Row =
  | ExperimentResult
  | { backend: string; experiment: string; round?: number; skipped?: string; error?: string };

const columns = ["backend", "experiment", "ack", "lost", "doubled", "recovery s", "dead letters", "alerts"];

function cells(row: Row): string[] {
  const name = row.round && row.round > 1 ? `${row.experiment} #${row.round}` : row.experiment;
  if ("skipped" in row && row.skipped) return [row.backend, name, `skipped: ${row.skipped}`];
  if ("error" in row && row.error) return [row.backend, name, `error: ${row.error}`];
  const r = row as ExperimentResult;
  const alerts = Object.entries(r.alerts_sent)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return [
    r.backend,
    name,
    String(r.acknowledged),
    String(r.lost),
    String(r.doubled),
    r.recovery_s === null ? "never" : String(r.recovery_s),
    String(r.dead_letters_left ?? "?"),
    alerts || "none",
  ];
}

/** A Markdown table, so it can go into the README as printed. */
export function summaryTable(rows: Row[]): string {
  const lines = [columns, columns.map(() => "---"), ...rows.map(cells)];
  return lines.map((l) => `| ${l.join(" | ")} |`).join("\n");
}
