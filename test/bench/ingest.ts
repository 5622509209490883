// npm run bench:ingest -- --events 20000 --concurrency 64 [--backend postgres+redis|embedded] [--rate 500]
// Starts the sidecar (web role) in its own process, sends that many distinct signed Stripe webhooks of about
// 3 KB plus 10% exact duplicates from this process, then checks every distinct event is in the inbox exactly
// once and enqueued once. Prints one JSON line last.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
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

const args = parseArgs({ events: 20_000, concurrency: 64, backend: "postgres+redis", rate: 0, duplicates: 0.1 });
const secret = `whsec_${randomBytes(24).toString("hex")}`;
const adminUrl = process.env.DATABASE_URL ?? "postgresql://sidecar:sidecar@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency });
const queueName = `bench-${randomBytes(4).toString("hex")}`;

function prepareDeliveries() {
  const distinct = Array.from({ length: args.events }, (_, i) => {
    const event = realisticEvent(i, "payment_intent.succeeded");
    const body = JSON.stringify(event);
    return { id: event.id, body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
  });
  const duplicates = Array.from(
    { length: Math.round(args.events * args.duplicates) },
    (_, i) => distinct[(i * 7919) % distinct.length]!,
  );
  const all = [...distinct, ...duplicates];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return { distinct, all };
}

async function send(baseUrl: string, deliveries: { body: string; signature: string }[]) {
  const url = new URL("/webhooks/stripe", baseUrl);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const intervalMs = args.rate > 0 ? 1000 / args.rate : 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= deliveries.length) return;
      if (intervalMs) {
        const due = started + i * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const d = deliveries[i]!;
      const t0 = performance.now();
      const status = await postWebhook(agent, url, d.body, d.signature).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b), failed };
}

async function verify(databaseUrl: string | undefined, dataDir: string, distinctIds: string[]) {
  if (!databaseUrl) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(join(dataDir, "pglite"));
    const q = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]?.n ?? 0;
    const result = await counts(q, distinctIds, async () =>
      q(`SELECT count(*)::int AS n FROM "Job" WHERE queue = '${queueName}'`),
    );
    await db.close();
    return result;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const q = async (sql: string) => (await client.query<{ n: number }>(sql)).rows[0]?.n ?? 0;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection: redis });
  const result = await counts(q, distinctIds, async () => {
    const c = await queue.getJobCounts("waiting", "prioritized", "delayed", "active", "completed", "failed");
    return Object.values(c).reduce((a, b) => a + b, 0);
  });
  await queue.close();
  await redis.quit(); // a connection handed to BullMQ stays open after queue.close()
  await client.end();
  return result;
}

async function counts(q: (sql: string) => Promise<number>, distinctIds: string[], jobCount: () => Promise<number>) {
  const ids = distinctIds.map((id) => `'${id}'`).join(",");
  const stored = await q(`SELECT count(DISTINCT "eventId")::int AS n FROM "InboxEvent" WHERE "eventId" IN (${ids})`);
  const rows = await q(`SELECT count(*)::int AS n FROM "InboxEvent"`);
  const enqueued = await q(`SELECT count(*)::int AS n FROM "InboxEvent" WHERE "enqueuedAt" IS NOT NULL`);
  const jobs = await jobCount();
  return {
    lost: distinctIds.length - stored,
    duplicated: rows - stored + Math.max(0, jobs - rows),
    notEnqueued: rows - enqueued,
    jobs,
  };
}

async function main() {
  buildSidecar();
  const embedded = args.backend === "embedded";
  const dataDir = await mkdtemp(join(tmpdir(), "sidecar-bench-"));
  const db = embedded ? undefined : await createDatabase(adminUrl);
  // The web role only stores and enqueues; the external systems must be configured but are never called.
  const env = unusedSystemsEnv(secret, dataDir, queueName);
  if (db) Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redisUrl });
  const { distinct, all } = prepareDeliveries();
  const sidecar = await startSidecarProcess("web", env);
  try {
    await send(
      sidecar.url,
      all.slice(0, 200).map((d) => ({ ...d })),
    ); // warm-up: JIT, connection pools (re-sent below as duplicates)
    const run = await send(sidecar.url, all);
    await sidecar.stop();
    const check = await verify(
      db?.url,
      dataDir,
      distinct.map((d) => d.id),
    );
    const bytes = Math.round(distinct.reduce((n, d) => n + d.body.length, 0) / distinct.length);
    console.error(
      `sent ${all.length} deliveries (${distinct.length} distinct, ~${bytes} B each) in ${round(run.seconds, 2)} s; non-2xx: ${run.failed}; jobs: ${check.jobs}; not enqueued: ${check.notEnqueued}`,
    );
    console.log(
      JSON.stringify({
        bench: "ingest",
        backend: embedded ? "embedded" : "postgres+redis",
        events: distinct.length,
        per_s: Math.round(all.length / run.seconds),
        p50_ms: round(percentile(run.latencies, 50), 2),
        p99_ms: round(percentile(run.latencies, 99), 2),
        lost: check.lost,
        duplicated: check.duplicated,
      }),
    );
  } finally {
    if (sidecar.child.exitCode === null) await sidecar.stop();
    agent.destroy();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
