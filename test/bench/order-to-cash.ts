// npm run bench:order-to-cash -- --orders 2000 [--concurrency 64] [--rate 0] [--latency-orders 0] [--workers 32]
//   [--deliveries 16] [--build 0] [--trace 1]
// The compiled sidecar (`start`: web and workers) runs in its own process, as in production, on a throw-away
// PostgreSQL database and Redis; the Stripe emulator and the nopCommerce, ERP and WMS simulators run in this
// process and talk to it over HTTP. Orders are placed in the store, get their PaymentIntent from the sidecar as
// the plugin asks for it (signed HTTP) and are confirmed as the browser would. Two runs:
//   1. throughput: --orders orders, --concurrency checkouts at a time (saturating); per_s is orders completed
//      per second (both the ERP sales order and nop's Paid state exist);
//   2. latency: --latency-orders orders (default: 20 s worth) placed at a fixed --rate below that (default 60%
//      of the measured throughput), so latency is measured at a sustainable rate, not in a growing backlog.
//      Latency per order: from the payment_intent.succeeded webhook's arrival (its inbox row) until both the
//      ERP sales order and nop's Paid state exist (the later of the two timeline actions); 0 when the order
//      was already complete when that webhook arrived (charge.succeeded got there first).
// Then every system's final state is checked for every order (wrong). The JSON line also gives the ERP sales
// order requests per order of the throughput run (erp_calls_per_order: 1 when no two runs of an order overlap)
// and the sidecar process's own CPU per order apart from the simulators' (sidecar_cpu_ms_per_order).
// Prints one JSON line last; details per
// run (CPU per order by process, SQL queries and Redis commands per order, latency from Stripe's answer to
// the confirmation) go to stderr. Stripe's webhooks and the store's outbox deliver --deliveries at a time.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import { requestOrderIntent } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { Redis } from "ioredis";
import pg from "pg";
import { pino } from "pino";
import type Stripe from "stripe";
import { parseMoney } from "../../sidecar/src/domain/money.js";
import { createStripeClient } from "../../sidecar/src/external-systems.js";
import { startSandbox } from "../../sidecar/src/sandbox/start-sandbox.js";
import {
  buildSidecar,
  createDatabase,
  parseArgs,
  percentile,
  pickPort,
  round,
  startSidecarProcess,
} from "./bench-support.js";

const args = parseArgs({
  orders: 2000,
  concurrency: 64,
  rate: 0,
  "latency-orders": 0,
  workers: 32,
  deliveries: 16,
  timeout: 600,
  /** 0: use dist/ as an earlier `npm run build` left it. */
  build: 1,
  /** 1: print where the last latency-run order's time went (stderr). */
  trace: 0,
});
const adminUrl = process.env.DATABASE_URL ?? "postgresql://sidecar:sidecar@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

if (args.build) buildSidecar();
const db = await createDatabase(adminUrl, "bench_o2c");
const dbName = new URL(db.url).pathname.slice(1);
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });
// WMS ships only when told: the benchmark measures payment to ERP, not the warehouse's timers.
const sandbox = await startSandbox({
  wmsShipAfterMs: null,
  wmsDeliverAfterMs: null,
  logger,
  stripeWebhookConcurrency: args.deliveries,
  nopOutboxConcurrency: args.deliveries,
});
const port = pickPort();
const sidecarUrl = `http://127.0.0.1:${port}`;
const { stripeWebhookSecret } = sandbox.connect(sidecarUrl);
const countsFile = join(tmpdir(), `bench-o2c-counts-${randomBytes(4).toString("hex")}.json`);
const settings = Object.fromEntries(
  Object.entries(sandbox.config).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
);
const sidecar = await startSidecarProcess(
  "start",
  {
    ...settings,
    STRIPE_WEBHOOK_SECRETS: stripeWebhookSecret,
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_NAME: `bench-o2c-${randomBytes(4).toString("hex")}`,
    WORKER_CONCURRENCY: String(args.workers),
    PUBLIC_URL: sidecarUrl,
    BENCH_COUNTS_FILE: countsFile,
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
  },
  port,
  ["--import", resolve("test/bench/count-round-trips.mjs")],
);
process.on("exit", () => sidecar.child.kill());
const stripe = createStripeClient(sandbox.config.STRIPE_SECRET_KEY!, sandbox.config.STRIPE_API_BASE!);
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const redis = new Redis(redisUrl);

interface Placed {
  id: number;
  guid: string;
  totalMinor: number;
  paymentIntentId: string;
  /** When Stripe answered the confirmation with succeeded. */
  succeededAt: number;
}

async function placeAndPay(i: number): Promise<Placed> {
  // Varied baskets: one to three units, so totals differ.
  const order = sandbox.nop.placeOrder({ items: [{ productId: 1, quantity: 1 + (i % 3) }] });
  const paymentIntentId = await requestOrderIntent(sidecarUrl, sandbox.bridgeSecret, order.id);
  const intent = await stripe.paymentIntents
    .confirm(paymentIntentId, { payment_method: "pm_card_visa" })
    .catch((err: Stripe.errors.StripeError) => {
      throw new Error(`confirm ${paymentIntentId}: ${err.message}`);
    });
  if (intent.status !== "succeeded") throw new Error(`${paymentIntentId} is ${intent.status}`);
  return {
    id: order.id,
    guid: order.orderGuid.toLowerCase(),
    totalMinor: parseMoney(order.orderTotal, order.customerCurrencyCode).amount,
    paymentIntentId,
    succeededAt: Date.now(),
  };
}

/** Closed loop: `concurrency` checkouts at a time. */
async function saturate(count: number, concurrency: number): Promise<Placed[]> {
  const placed: Placed[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) placed.push(await placeAndPay(next++));
    }),
  );
  return placed;
}

/** Open loop: one checkout every 1/rate seconds, whatever the earlier ones are doing. */
async function atRate(count: number, rate: number): Promise<Placed[]> {
  const started = performance.now();
  const checkouts: Promise<Placed>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    checkouts.push(placeAndPay(i));
  }
  return Promise.all(checkouts);
}

/** Per order: when both the ERP sales order and nop's Paid state existed (the later timeline action). */
async function completedAt(guids: string[]): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ guid: string; done: Date }>(
    `SELECT aggregate AS guid, max(at) AS done FROM "ActionLogEntry"
     WHERE flow = 'order-to-cash' AND kind = 'action' AND name IN ('mark-paid', 'erp-sales-order')
       AND aggregate = ANY($1::text[])
     GROUP BY 1 HAVING count(*) = 2`,
    [guids],
  );
  return new Map(rows.map((r) => [r.guid, r.done.getTime()]));
}

async function waitForCompletion(guids: string[]): Promise<Map<string, number>> {
  const deadline = Date.now() + args.timeout * 1000;
  for (;;) {
    const done = await completedAt(guids);
    if (done.size >= guids.length || Date.now() > deadline) return done;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** CPU milliseconds a process has used (Linux /proc), or 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 100 Hz ticks
  } catch {
    return 0;
  }
}

interface Usage {
  bench: number;
  sidecar: number;
  postgres: Map<number, number>;
  redis: number;
  sql: Record<string, number>;
  redisCommands: number;
  transactions: number;
}

/** The sidecar's own counts of SQL queries and Redis commands (count-round-trips.mjs). */
async function sidecarCounts(): Promise<{ sql: Record<string, number>; redis: number }> {
  rmSync(countsFile, { force: true });
  process.kill(sidecar.child.pid!, "SIGUSR2");
  for (let i = 0; i < 100 && !existsSync(countsFile); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 20));
  return JSON.parse(readFileSync(countsFile, "utf8"));
}

async function usage(): Promise<Usage> {
  const { rows: backends } = await sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [
    dbName,
  ]);
  const info = await redis.info("cpu");
  const redisCpu = ["used_cpu_sys", "used_cpu_user"].reduce(
    (sum, key) => sum + Number(new RegExp(`${key}:([\\d.]+)`).exec(info)?.[1] ?? 0) * 1000,
    0,
  );
  const counts = await sidecarCounts();
  // Statistics reach pg_stat_database within about a second of a transaction.
  await new Promise((r) => setTimeout(r, 1100));
  const { rows: xacts } = await sql.query<{ n: string }>(
    "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1",
    [dbName],
  );
  const cpu = process.cpuUsage();
  return {
    bench: (cpu.user + cpu.system) / 1000,
    sidecar: cpuMs(sidecar.child.pid!),
    postgres: new Map(backends.map((b) => [b.pid, cpuMs(b.pid)])),
    redis: redisCpu,
    sql: counts.sql,
    redisCommands: counts.redis,
    transactions: Number(xacts[0]?.n ?? 0),
  };
}

/** Per order, between two usage snapshots: CPU by process and round trips. */
function perOrder(before: Usage, after: Usage, orders: number) {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  const per = (n: number) => round(n / orders, 2);
  const cpu = {
    sidecar: per(after.sidecar - before.sidecar),
    simulators_and_driver: per(after.bench - before.bench),
    postgres: per(postgres),
    redis_shared: per(after.redis - before.redis),
  };
  const sqlByKind = Object.fromEntries(
    Object.entries(after.sql).map(([kind, n]) => [kind, per(n - (before.sql[kind] ?? 0))]),
  );
  return {
    cpu_ms: {
      ...cpu,
      total: round(
        Object.values(cpu).reduce((a, b) => a + b, 0),
        2,
      ),
    },
    sql_queries: round(
      Object.values(sqlByKind).reduce((a, b) => a + b, 0),
      2,
    ),
    sql_by_kind: sqlByKind,
    transactions: per(after.transactions - before.transactions),
    redis_commands: per(after.redisCommands - before.redisCommands),
  };
}

/**
 * Waits until the work an order causes after the measured point (the ERP note, the WMS request, the events of
 * the sidecar's own write-backs) is done, so each run's CPU and round trips are its own and the next run
 * starts from a quiet system.
 */
async function settle() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await Promise.all([sandbox.stripe.whenDeliveriesIdle(), sandbox.nop.outbox.idle()]);
    const { rows } = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM "InboxEvent" WHERE status NOT IN ('processed', 'ignored', 'dead')`,
    );
    if (Number(rows[0]?.n) === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The inbox arrival of each PaymentIntent's payment_intent.succeeded webhook. */
async function succeededArrivals(): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ pi: string; received: Date }>(
    `SELECT payload->'data'->'object'->>'id' AS pi, min("receivedAt") AS received
     FROM "InboxEvent" WHERE source = 'stripe' AND type = 'payment_intent.succeeded' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.pi, r.received.getTime()]));
}

/** Sales orders the sidecar asked the ERP for (every POST, answered or not): one per order when runs never overlap. */
const erpCalls = () => sandbox.erp.requests.count("POST", "/sales-orders");

async function run(label: string, drive: () => Promise<Placed[]>) {
  const erpBefore = erpCalls();
  const before = await usage();
  const started = Date.now();
  const placed = await drive();
  const placedMs = Date.now() - started;
  const done = await waitForCompletion(placed.map((p) => p.guid));
  const lastDone = Math.max(...done.values());
  const elapsedMs = lastDone - started;
  await settle();
  const after = await usage();
  const erpPerOrder = round((erpCalls() - erpBefore) / placed.length, 2);
  return {
    label,
    placed,
    done,
    started,
    placedMs,
    elapsedMs,
    erpPerOrder,
    usage: perOrder(before, after, placed.length),
  };
}

// 1. Throughput, saturating.
const throughput = await run("throughput", () => saturate(args.orders, args.concurrency));
const perS = (throughput.done.size / throughput.elapsedMs) * 1000;

// 2. Latency at a fixed rate below that.
const rate = args.rate || Math.max(1, Math.floor(perS * 0.6));
const latencyOrders = args["latency-orders"] || Math.min(args.orders, Math.max(100, rate * 20));
const latencyRun = await run("latency", () => atRate(latencyOrders, rate));
const arrivals = await succeededArrivals();
const latencies: number[] = [];
const fromConfirm: number[] = [];
let doneBeforeWebhook = 0;
for (const p of latencyRun.placed) {
  const done = latencyRun.done.get(p.guid);
  const arrived = arrivals.get(p.paymentIntentId);
  if (done === undefined) continue;
  fromConfirm.push(Math.max(0, done - p.succeededAt));
  if (arrived === undefined) continue;
  if (done < arrived) doneBeforeWebhook++;
  latencies.push(Math.max(0, done - arrived));
}
latencies.sort((a, b) => a - b);
fromConfirm.sort((a, b) => a - b);

// Final state in every system: Stripe succeeded for the order's total, nop Paid with one paid note, one ERP
// sales order with the exact total, one WMS request. The WMS request trails the measured point.
const placed = [...throughput.placed, ...latencyRun.placed];
const settleDeadline = Date.now() + 60_000;
while (Date.now() < settleDeadline && sandbox.wms.fulfillmentRequests().length < placed.length)
  await new Promise((r) => setTimeout(r, 50));
const erpByRef = new Map<string, number[]>();
for (const s of sandbox.erp.salesOrders())
  erpByRef.set(s.externalRef, [...(erpByRef.get(s.externalRef) ?? []), s.totals.total]);
const wmsByRef = new Map<string, number>();
for (const r of sandbox.wms.fulfillmentRequests())
  wmsByRef.set(r.orderReference, (wmsByRef.get(r.orderReference) ?? 0) + 1);
const wrongReasons: Record<string, number> = {};
let wrong = 0;
for (const p of placed) {
  const nop = sandbox.nop.getOrder(p.id);
  const intent = sandbox.stripe.context.store.find<Stripe.PaymentIntent>(p.paymentIntentId, "payment_intent");
  const reasons: string[] = [];
  if (intent?.status !== "succeeded" || intent.amount_received !== p.totalMinor) reasons.push("stripe");
  if (nop?.paymentStatusId !== PaymentStatus.Paid) reasons.push("nop_not_paid");
  if (nop?.notes.filter((n) => n.note === "Order has been marked as paid").length !== 1) reasons.push("nop_paid_notes");
  const erp = erpByRef.get(p.guid) ?? [];
  if (erp.length !== 1 || erp[0] !== p.totalMinor) reasons.push("erp");
  if (wmsByRef.get(p.guid) !== 1) reasons.push("wms");
  for (const r of reasons) wrongReasons[r] = (wrongReasons[r] ?? 0) + 1;
  if (reasons.length > 0) wrong++;
}
wrong += args.orders + latencyOrders - placed.length;

// How late events reached the sidecar after they happened (per source), to show where orders wait.
const { rows: lags } = await sql.query<{ source: string; p50: number; p99: number; n: string }>(
  `SELECT source::text AS source,
     percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "receivedAt" - "occurredAt") * 1000) AS p50,
     percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM "receivedAt" - "occurredAt") * 1000) AS p99,
     count(*) AS n
   FROM "InboxEvent" WHERE "occurredAt" IS NOT NULL GROUP BY 1`,
);

if (args.trace) await trace(latencyRun.placed.at(-1)!);

/** One order's inbox events (arrival, processing) and timeline entries, in ms after Stripe's success. */
async function trace(p: Placed) {
  const { rows } = await sql.query<{ at: Date; what: string }>(
    `SELECT "receivedAt" AS at, 'inbox ' || source || ' ' || type || ' occurred ' ||
        coalesce(round(extract(epoch FROM "occurredAt" - "receivedAt") * 1000)::text, '?') || ' ms, processed +' ||
        coalesce(round(extract(epoch FROM "processedAt" - "receivedAt") * 1000)::text, '?') || ' ms' AS what
     FROM "InboxEvent" WHERE payload::text LIKE '%' || $1 || '%' OR payload::text LIKE '%' || $2 || '%'
     UNION ALL SELECT at, 'timeline ' || kind || ' ' || name FROM "ActionLogEntry" WHERE aggregate = $2
     ORDER BY 1`,
    [p.paymentIntentId, p.guid],
  );
  for (const r of rows) console.error(`${String(r.at.getTime() - p.succeededAt).padStart(7)} ms  ${r.what}`);
}

await sql.end();
redis.disconnect();
await sidecar.stop();
await sandbox.close();
await db.drop();
rmSync(countsFile, { force: true });

for (const r of [throughput, latencyRun])
  console.error(
    JSON.stringify({
      run: r.label,
      orders: r.placed.length,
      complete: r.done.size,
      placed_per_s: round((r.placed.length / r.placedMs) * 1000),
      completed_per_s: round((r.done.size / r.elapsedMs) * 1000),
      erp_calls_per_order: r.erpPerOrder,
      per_order: r.usage,
    }),
  );
console.error(
  JSON.stringify({
    latency_rate_per_s: rate,
    latency_orders: latencyOrders,
    latency_measured: latencies.length,
    done_before_webhook: doneBeforeWebhook,
    max_ms: latencies.at(-1) ?? null,
    from_confirm_p50_ms: percentile(fromConfirm, 50),
    from_confirm_p99_ms: percentile(fromConfirm, 99),
    delivery_lag_ms: Object.fromEntries(
      lags.map((l) => [l.source, { p50: round(Number(l.p50)), p99: round(Number(l.p99)), events: Number(l.n) }]),
    ),
    wrong_reasons: wrongReasons,
  }),
);
console.log(
  JSON.stringify({
    bench: "order-to-cash",
    orders: args.orders,
    per_s: round(perS),
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    wrong,
    latency_rate_per_s: rate,
    cpu_ms_per_order: throughput.usage.cpu_ms.total,
    sidecar_cpu_ms_per_order: throughput.usage.cpu_ms.sidecar,
    erp_calls_per_order: throughput.erpPerOrder,
    sql_queries_per_order: throughput.usage.sql_queries,
  }),
);
process.exit(0);
