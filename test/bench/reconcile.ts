// npm run bench:reconcile -- --transactions 10000 [--emulator-only] [--workers 16] [--timeout 600] [--build 0]
// A payout of --transactions card payments (plus the payout's own balance transaction), each matching a paid
// order, reconciled and posted to the ERP's general ledger by the compiled sidecar in its own process, on a
// throw-away PostgreSQL database and Redis (DATABASE_URL / REDIS_URL; default the machine's local ones). The
// Stripe emulator and the nopCommerce and ERP simulators run in this process.
// Untimed setup: N orders paid through the sidecar (reconcile-seed.ts says how), the payout made with webhook
// delivery paused, then the payout paged once through the official client (per-page latency to stderr).
// Timed: from payout.paid's delivery to Payout.status 'posted' (polled), i.e. reconciliation + GL posting.
// peak_rss_mb is the sidecar process's peak resident set (VmHWM of /proc/<pid>/status): it does nothing before
// payout.paid but start up, so its peak is the reconciliation's. The last line is the JSON result.
// --emulator-only: only the emulator's part: seed, pay out, page through the payout; prints pages/s and this
// process's RSS (the emulator and simulators live in it).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { pino } from "pino";
import Stripe from "stripe";
import { openDatabase } from "../../sidecar/src/db/database.js";
import { startSandbox } from "../../sidecar/src/sandbox/start-sandbox.js";
import { buildSidecar, createDatabase, parseArgs, pickPort, round, startSidecarProcess } from "./bench-support.js";
import { pageThroughPayout } from "./reconcile-paging.js";
import { payInBulk, payInStripe, placePaidOrders, recordInOrderToCash, syntheticPayments } from "./reconcile-seed.js";

const args = parseArgs({ transactions: 10_000, "emulator-only": 0, workers: 16, timeout: 600, build: 1 });
const adminUrl = process.env.DATABASE_URL ?? "postgresql://sidecar:sidecar@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const mb = (bytes: number) => round(bytes / 2 ** 20);
const log = (what: string, value: unknown) => console.error(`${what}: ${JSON.stringify(value)}`);

/** A process's resident set and its peak, in MB (Linux /proc). */
function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: round(kb("VmRSS") / 1024), peak: round(kb("VmHWM") / 1024) };
}

const sandbox = await startSandbox({ logger: pino({ level: process.env.LOG_LEVEL ?? "warn" }) });
const stripe = new Stripe(sandbox.config.STRIPE_SECRET_KEY!, {
  host: sandbox.stripe.host,
  port: sandbox.stripe.port,
  protocol: "http",
});

// Setup (untimed): N paid orders and their payments, paid out in one payout whose webhooks wait.
let started = performance.now();
// --emulator-only needs no store: payments with order-shaped metadata, so the emulator's heap is its own.
const emulatorOnly = args["emulator-only"] === 1;
const orders = emulatorOnly ? [] : placePaidOrders(sandbox.nop, args.transactions);
log("seed (nop orders)", { seconds: round((performance.now() - started) / 1000, 2) });
const paid = emulatorOnly ? [] : await payInStripe(sandbox.stripe.url, orders);
if (emulatorOnly) await payInBulk(sandbox.stripe.url, syntheticPayments(args.transactions));
// Stripe's webhooks reach the sidecar from the payout on (the payments' events were sent before it listened;
// their effect is seeded below); the store is not connected: its order.placed / order.paid stay in its outbox.
const port = pickPort();
const sidecarUrl = `http://127.0.0.1:${port}`;
const endpoint = sandbox.stripe.createWebhookEndpoint(`${sidecarUrl}/webhooks/stripe`);
sandbox.stripe.setDeliveryMode({ paused: true });
const [payout] = sandbox.stripe.payOut();
if (!payout) throw new Error("the emulator made no payout");
log("seed (nop orders, Stripe payments, payout)", { seconds: round((performance.now() - started) / 1000, 2) });

const paging = await pageThroughPayout(stripe, payout.id);
if (paging.transactions !== args.transactions + 1 || paging.net_minor !== 0)
  throw new Error(`the payout lists ${paging.transactions} transactions netting ${paging.net_minor}`);
log("emulator paging (limit 100, data.source expanded)", paging);

if (emulatorOnly) {
  console.log(
    JSON.stringify({
      bench: "reconcile-emulator",
      transactions: args.transactions,
      pages: paging.pages,
      seconds: paging.seconds,
      pages_per_s: paging.pages_per_s,
      page_ms_p50: paging.page_ms_p50,
      page_ms_p99: paging.page_ms_p99,
      rss_mb: mb(process.memoryUsage().rss),
    }),
  );
  await sandbox.close();
  process.exit(0);
}

// The sidecar on a fresh database, its order-to-cash records seeded before it starts.
if (args.build) buildSidecar();
const db = await createDatabase(adminUrl, "bench_reconcile");
started = performance.now();
const migrated = await openDatabase({ databaseUrl: db.url, dataDir: "unused" });
await recordInOrderToCash(migrated.sql, paid);
await migrated.close();
log("seed (order-to-cash records)", { seconds: round((performance.now() - started) / 1000, 2) });

const settings = Object.fromEntries(
  Object.entries(sandbox.config).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
);
const sidecar = await startSidecarProcess(
  "start",
  {
    ...settings,
    STRIPE_WEBHOOK_SECRETS: endpoint.secret,
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_NAME: `bench-reconcile-${randomBytes(4).toString("hex")}`,
    WORKER_CONCURRENCY: String(args.workers),
    PUBLIC_URL: sidecarUrl,
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
  },
  port,
);
const sidecarPid = sidecar.child.pid!;
process.on("exit", () => sidecar.child.kill());
log("sidecar after start-up (MB)", rssOf(sidecarPid));
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();

interface Outcome {
  seconds: number;
  residualMinor: number;
  exceptions: number;
}

/** Why the run cannot go on, from payout.paid's inbox row, or null while it is being worked on. */
async function stuck(): Promise<string | null> {
  if (sidecar.child.exitCode !== null) return `the sidecar exited with code ${sidecar.child.exitCode}`;
  const { rows } = await sql.query<{ status: string; lastError: string | null }>(
    `SELECT status, "lastError" FROM "InboxEvent" WHERE source = 'stripe' AND type = 'payout.paid'`,
  );
  const row = rows[0];
  const sent = sandbox.stripe.deliveries().find((d) => d.eventType === "payout.paid");
  if (sent?.status === "failed") return `the sidecar refused payout.paid: ${JSON.stringify(sent.attempts.at(-1))}`;
  if (row?.status === "ignored")
    return "the payouts flow is not registered: the sidecar ignored payout.paid (no flow subscribes to it). Merge sidecar/src/flows/payouts and register it in sidecar/src/flows/register-flows.ts.";
  if (row?.status === "dead") return `payout.paid was dead-lettered: ${row.lastError}`;
  return null;
}

async function reconcile(): Promise<Outcome> {
  const timedFrom = performance.now();
  sandbox.stripe.setDeliveryMode({ paused: false });
  const deadline = Date.now() + args.timeout * 1000;
  for (;;) {
    const { rows } = await sql.query<{ status: string; residualMinor: string | null }>(
      `SELECT status, "residualMinor" FROM "Payout" WHERE id = $1`,
      [payout!.id],
    );
    if (rows[0]?.status === "posted") {
      const seconds = (performance.now() - timedFrom) / 1000;
      const { rows: open } = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM "ReconciliationException" WHERE "payoutId" = $1`,
        [payout!.id],
      );
      return { seconds, residualMinor: Number(rows[0].residualMinor ?? Number.NaN), exceptions: Number(open[0]?.n) };
    }
    const reason = await stuck();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline)
      throw new Error(`payout ${payout!.id} not posted after ${args.timeout} s: ${rows[0]?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

try {
  const outcome = await reconcile();
  const memory = rssOf(sidecarPid);
  log("sidecar after reconciliation (MB)", memory);
  console.log(
    JSON.stringify({
      bench: "reconcile",
      transactions: args.transactions,
      seconds: round(outcome.seconds, 2),
      per_s: Math.round(args.transactions / outcome.seconds),
      peak_rss_mb: memory.peak,
      residual_minor: outcome.residualMinor,
      exceptions: outcome.exceptions,
    }),
  );
} catch (err) {
  console.error(`bench:reconcile: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await sql.end();
  await sidecar.stop();
  await sandbox.close();
  await db.drop();
}
