// One experiment's world, fresh each time: its own database (or data folder) and queue, the simulators, the
// alert counter and the sidecar's processes in the production layout (web + two workers on PostgreSQL and
// Redis; one `start` process on the embedded backend, whose database is open in one process only).
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Sandbox } from "../../sidecar/src/sandbox/start-sandbox.js";
import { type AlertCounter, startAlertCounter } from "./alert-server.js";
import type { ChaosBackend } from "./chaos-backend.js";
import { startChaosSystems } from "./chaos-systems.js";
import { Store } from "./checkout.js";
import { SidecarFleet } from "./sidecar-processes.js";

export interface Stage {
  name: string;
  backend: ChaosBackend;
  systems: Sandbox;
  alerts: AlertCounter;
  fleet: SidecarFleet;
  store: Store;
  dataDir: string;
  /** PostgreSQL backend: the experiment's database on the chaos's own server. */
  database: string | undefined;
  queueName: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment minus what would point a child at another database or Redis than the experiment's. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== "DATABASE_URL" && k !== "REDIS_URL") env[k] = v;
  return env;
}

export async function openStage(backend: ChaosBackend, name: string): Promise<Stage> {
  const id = `${name.replace(/\W/g, "_")}_${randomBytes(3).toString("hex")}`;
  const dataDir = join(backend.dataRoot, `sidecar-${id}`);
  mkdirSync(dataDir, { recursive: true });
  const database = backend.postgres ? `chaos_${id}` : undefined;
  if (database) await backend.postgres!.query("postgres", `CREATE DATABASE ${database}`);
  await backend.redis?.flush();
  const systems = await startChaosSystems();
  const alerts = await startAlertCounter();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { stripeWebhookSecret } = systems.connect(url);
  const settings = Object.fromEntries(
    Object.entries(systems.config).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
  );
  const queueName = `chaos-${id.replace(/_/g, "-")}`;
  const env = {
    ...inheritedEnv(),
    ...settings,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    STRIPE_WEBHOOK_SECRETS: stripeWebhookSecret,
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
    ALERT_WEBHOOK_URL: alerts.url,
    QUEUE_NAME: queueName,
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? "8",
    ...(database ? { DATABASE_URL: backend.postgres!.url(database), REDIS_URL: backend.redis!.url } : {}),
  };
  const fleet = new SidecarFleet(env, url, join(backend.logDir, `${id}.log`));
  if (database) {
    // The web first: it applies the migrations the workers need and leaves the admin token for queueHealth.
    await fleet.start("web");
    await Promise.all([fleet.start("worker"), fleet.start("worker")]);
  } else {
    await fleet.start("start");
  }
  return {
    name,
    backend,
    systems,
    alerts,
    fleet,
    store: new Store(systems, url),
    dataDir,
    database,
    queueName,
    async close() {
      await fleet.stop();
      await Promise.allSettled([systems.close(), alerts.close()]);
      if (database && backend.postgres?.running())
        await backend.postgres.query("postgres", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
