// npm run chaos -- [--backend pg|embedded|both] [--only kill-web,erp-outage] [--orders N] [--outage-minutes M]
//   [--recovery-minutes M] [--pg-port 55432] [--redis-port 56379]
// Issue 14's experiments against the sidecar in its production layout, on this machine, with PostgreSQL and
// Redis of the chaos's own (other ports; the machine's shared instances are never touched). One JSON line per
// experiment run on stdout (acknowledged, lost, doubled, recovery seconds, dead letters left, alerts sent by
// code); progress and a closing Markdown table on stderr. Exit 1 when any run lost or doubled an order, or
// could not be measured. Not part of `npm test`: it takes about half an hour per backend with 10-minute outages.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChaosArgs, parseChaosArgs } from "./chaos-args.js";
import { openBackend } from "./chaos-backend.js";
import { cleanUp, cleanUpOnSignals } from "./cleanup.js";
import { experiments } from "./experiments.js";
import { type ExperimentResult, runExperiment } from "./run-experiment.js";
import { type Row, summaryTable } from "./summary-table.js";

const print = (row: Row) => console.log(JSON.stringify(row));
const progress = (text: string) => console.error(`chaos: ${text}`);

async function runBackend(backend: ChaosArgs["backends"][number], args: ChaosArgs, workDir: string): Promise<Row[]> {
  const rows: Row[] = [];
  const record = (row: Row) => {
    rows.push(row);
    print(row);
  };
  progress(`${backend}: starting its own servers`);
  const opened = await openBackend(backend, args, workDir);
  try {
    for (const experiment of experiments) {
      if (args.only.length > 0 && !args.only.includes(experiment.name)) continue;
      const applies = experiment.appliesTo[backend];
      const skipped = applies !== true ? applies : experiment.needsVolume ? opened.noVolume : undefined;
      if (skipped) {
        record({ backend, experiment: experiment.name, skipped });
        continue;
      }
      for (let round = 1; round <= experiment.rounds; round++) {
        progress(`${backend}: ${experiment.name}${experiment.rounds > 1 ? ` #${round}` : ""}`);
        const row = await runExperiment(experiment, opened, args, round).catch(
          (err: Error): Row => ({ backend, experiment: experiment.name, round, error: err.message }),
        );
        record(row);
      }
    }
  } finally {
    await cleanUp();
  }
  return rows;
}

const failed = (row: Row) =>
  "error" in row || ("lost" in row && ((row as ExperimentResult).lost > 0 || (row as ExperimentResult).doubled > 0));

const args = parseChaosArgs(
  process.argv.slice(2),
  experiments.map((e) => e.name),
);
cleanUpOnSignals();
const workDir = mkdtempSync(join(tmpdir(), "nop-chaos-"));
chmodSync(workDir, 0o755); // PostgreSQL runs as its own user and must reach its folder inside
const rows: Row[] = [];
try {
  for (const backend of args.backends) rows.push(...(await runBackend(backend, args, workDir)));
} finally {
  await cleanUp();
}
console.error(`\n${summaryTable(rows)}\n`);
const failures = rows.filter(failed);
if (failures.length === 0) rmSync(workDir, { recursive: true, force: true });
else progress(`${failures.length} run(s) lost, doubled or failed; the sidecar's logs are in ${join(workDir, "logs")}`);
process.exit(failures.length > 0 ? 1 : 0);
