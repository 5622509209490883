// npm run bench:soak -- [--minutes 10] [--rate 300] [--backend postgres+redis|embedded] [--retention 2m]
//   [--prune-interval 15s] [--sample-seconds 60]
// A long steady run with pruning on: the compiled sidecar (`start`: web and worker in one process) on a throw-away
// database, fed signed Stripe webhooks of realistic size at a fixed rate, with retention short enough that the
// pruner deletes throughout. The events are of a type no flow handles (payment_intent.created), so each is
// stored, enqueued, marked ignored by a worker, and pruned once older than the retention: the ingest path and the
// pruner at work together, with no external system in the loop. Prints one line per sample, then a verdict
// comparing the first and last thirds: flat means throughput and RSS within the tolerances below.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import Stripe from "stripe";
import {
  buildSidecar,
  createDatabase,
  parseArgs,
  percentile,
  round,
  startSidecarProcess,
  unusedSystemsEnv,
} from "./bench-support.js";
import { postWebhook, realisticEvent } from "./stripe-webhooks.js";

const args = parseArgs({
  minutes: 10,
  rate: 300,
  backend: "postgres+redis",
  retention: "2m",
  "prune-interval": "15s",
  "sample-seconds": 60,
  /** Sent at the rate but not sampled: JIT, connection pools and the first start's own work settle first. */
  "warmup-seconds": 30,
});
/** Flat: the last third's throughput within 5% of the first's, its RSS at most 15% above. */
const TOLERANCE = { throughput: 0.05, rss: 0.15 };
/** The worker keeps up when its backlog stays under this many seconds of traffic. */
const MAX_BACKLOG_SECONDS = 10;
/** Requests in flight at most; past it the sender falls behind, and latency (from the due time) shows it. */
const MAX_IN_FLIGHT = 256;

const secret = `whsec_${randomBytes(24).toString("hex")}`;
const adminUrl = process.env.DATABASE_URL ?? "postgresql://sidecar:sidecar@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const embedded = args.backend === "embedded";

interface Sample {
  minute: number;
  acked_per_s: number;
  p99_ms: number;
  failed: number;
  /** Mean of readings every few seconds through the sample (one reading lands anywhere in a GC cycle). */
  rss_mb: number;
  rss_max_mb: number;
  /** Jobs not yet done (waiting, delayed, active): events the worker has not finished, which cannot be pruned. */
  backlog: number;
  inbox_rows: number;
  inbox_mb: number;
  pruned: number;
}

/** The sidecar's resident memory, from the kernel (what the operator's tools see). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** The sidecar's own metrics: rows pruned so far and, embedded (its files are the sidecar's alone), table sizes. */
async function scrapeMetrics(url: string, token: string) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const value = (name: string, table: string) =>
    Number(new RegExp(`^${name}\\{table="${table}"\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  const backlog = [...text.matchAll(/^sidecar_queue_depth\{state="(\w+)"\} (\S+)$/gm)]
    .filter(([, state]) => state !== "completed" && state !== "failed")
    .reduce((n, [, , v]) => n + Number(v), 0);
  return {
    backlog,
    pruned: value("sidecar_retention_rows_pruned_total", "inbox"),
    inboxRows: value("sidecar_retention_table_rows", "inbox"),
    inboxBytes: value("sidecar_retention_table_bytes", "inbox"),
  };
}

/** Exact rows and size of the inbox, from PostgreSQL itself. */
async function inboxOnServer(client: pg.Client) {
  const { rows } = await client.query<{ rows: number; bytes: number }>(
    `SELECT count(*)::int AS rows, pg_total_relation_size('"InboxEvent"')::float8 AS bytes FROM "InboxEvent"`,
  );
  return { inboxRows: rows[0]!.rows, inboxBytes: rows[0]!.bytes };
}

function signedDelivery(i: number) {
  const body = JSON.stringify(realisticEvent(i, "payment_intent.created"));
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function verdict(samples: Sample[]) {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = samples.slice(0, third);
  const last = samples.slice(-third);
  const throughput = mean(last.map((s) => s.acked_per_s)) / mean(first.map((s) => s.acked_per_s));
  const rss = mean(last.map((s) => s.rss_mb)) / mean(first.map((s) => s.rss_mb));
  const rows = Math.max(...last.map((s) => s.inbox_rows)) / Math.max(1, ...first.map((s) => s.inbox_rows));
  // The worker keeps up when what it has not finished is a few seconds of traffic; otherwise rows pile up
  // unfinished (never pruned) and the run measures a backlog, not a steady state.
  const keepingUp = Math.max(...last.map((s) => s.backlog)) <= args.rate * MAX_BACKLOG_SECONDS;
  const flat = Math.abs(throughput - 1) <= TOLERANCE.throughput && rss - 1 <= TOLERANCE.rss && keepingUp;
  return {
    bench: "soak",
    backend: embedded ? "embedded" : "postgres+redis",
    rate: args.rate,
    minutes: args.minutes,
    verdict: flat ? "flat" : keepingUp ? "not flat" : "not flat: the worker fell behind",
    throughput_last_vs_first: round(throughput, 3),
    rss_last_vs_first: round(rss, 3),
    inbox_rows_last_vs_first: round(rows, 3),
    pruned_total: samples.reduce((n, s) => n + s.pruned, 0),
    failed_total: samples.reduce((n, s) => n + s.failed, 0),
  };
}

async function main() {
  buildSidecar();
  const dataDir = await mkdtemp(join(tmpdir(), "sidecar-soak-"));
  const db = embedded ? undefined : await createDatabase(adminUrl, "sidecar_soak");
  const env: Record<string, string> = {
    // Configured but never called: every event is of a type no flow handles.
    ...unusedSystemsEnv(secret, dataDir, `soak-${randomBytes(4).toString("hex")}`),
    RETENTION_INBOX: args.retention,
    DEDUP_WINDOW: args.retention,
    RETENTION_JOB_FAILURES: args.retention,
    PRUNE_INTERVAL: args["prune-interval"],
  };
  if (db) Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redisUrl });
  const sidecar = await startSidecarProcess("start", env);
  const pid = sidecar.child.pid!;
  const token = (await readFile(join(dataDir, "initial-admin-token"), "utf8")).trim();
  const client = db ? new pg.Client({ connectionString: db.url }) : undefined;
  await client?.connect();
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const url = new URL("/webhooks/stripe", sidecar.url);
  console.error(
    `soak: ${args.minutes} min at ${args.rate}/s on ${embedded ? "embedded" : "postgres+redis"}, retention ${args.retention}, pruning every ${args["prune-interval"]}`,
  );

  const samples: Sample[] = [];
  const emptyWindow = () => ({ acked: 0, failed: 0, latencies: [] as number[], rss: [] as number[] });
  let window = emptyWindow();
  const failedByStatus: Record<number, number> = {};
  let inFlight = 0;
  let sent = 0;
  let prunedBefore = 0;
  const started = performance.now();
  const sampling = started + args["warmup-seconds"] * 1000;
  const sampleCount = Math.max(1, Math.round((args.minutes * 60) / args["sample-seconds"]));
  const sampleMs = args["sample-seconds"] * 1000;
  let nextSample = sampling + sampleMs;
  let nextRss = sampling;

  const sendOne = async (i: number) => {
    const due = started + (i * 1000) / args.rate;
    const { body, signature } = signedDelivery(i);
    inFlight++;
    const status = await postWebhook(agent, url, body, signature).catch(() => 0);
    inFlight--;
    // From the moment it was due, so a sender held back by slow answers shows as latency.
    window.latencies.push(performance.now() - due);
    if (status === 200) window.acked++;
    else {
      window.failed++;
      failedByStatus[status] = (failedByStatus[status] ?? 0) + 1; // 0: no answer (connection refused or reset)
    }
  };

  const takeSample = async (now: number) => {
    const seconds = sampleMs / 1000;
    const metrics = await scrapeMetrics(sidecar.url, token);
    const inbox = client ? await inboxOnServer(client) : metrics;
    const sample: Sample = {
      minute: round((now - sampling) / 60_000, 1),
      acked_per_s: round(window.acked / seconds, 1),
      p99_ms: round(
        percentile(
          window.latencies.sort((a, b) => a - b),
          99,
        ),
        1,
      ),
      failed: window.failed,
      rss_mb: round(mean(window.rss), 1),
      rss_max_mb: Math.max(...window.rss),
      backlog: metrics.backlog,
      inbox_rows: inbox.inboxRows,
      inbox_mb: round(inbox.inboxBytes / 1024 / 1024, 1),
      pruned: metrics.pruned - prunedBefore,
    };
    prunedBefore = metrics.pruned;
    window = emptyWindow();
    samples.push(sample);
    console.log(JSON.stringify(sample));
  };

  try {
    for (;;) {
      const now = performance.now();
      if (now >= nextRss) {
        // What the warm-up sent is not sampled: the first reading starts the first window clean.
        if (nextRss === sampling) {
          window = emptyWindow();
          prunedBefore = (await scrapeMetrics(sidecar.url, token)).pruned;
        }
        window.rss.push(await rssMb(pid));
        nextRss += 5000;
      }
      if (now >= nextSample) {
        await takeSample(now);
        nextSample += sampleMs;
      }
      if (samples.length >= sampleCount) break;
      const due = Math.floor(((now - started) * args.rate) / 1000);
      while (sent < due && inFlight < MAX_IN_FLIGHT) void sendOne(sent++);
      await new Promise((r) => setTimeout(r, 5));
    }
    console.log(JSON.stringify({ ...verdict(samples), failed_by_status: failedByStatus }));
  } finally {
    agent.destroy();
    await client?.end();
    await sidecar.stop();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
