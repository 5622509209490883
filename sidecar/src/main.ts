#!/usr/bin/env node
// The one composition root: reads the environment, wires adapters, flows and edges, runs the chosen role.
import { existsSync } from "node:fs";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { loadOrCreateLocalSecrets } from "./local-secrets.js";
import { createLogger, type Logger } from "./logger.js";
import { type SecretSource, Sidecar } from "./sidecar.js";

const roles = {
  start: { web: true, worker: true },
  web: { web: true, worker: false },
  worker: { web: false, worker: true },
} as const;
type Role = keyof typeof roles;

const usage = `usage: sidecar <start|web|worker>
  start   HTTP and workers in one process (npm start)
  web     HTTP only: webhooks, bridge events, GraphQL, health, metrics
  worker  job workers and the sweeper only (run several against one Redis)`;

async function resolveSecrets(config: Config, logger: Logger): Promise<SecretSource> {
  const configured = { stripe: config.STRIPE_WEBHOOK_SECRETS, bridge: config.BRIDGE_SECRETS };
  if (configured.stripe && configured.bridge)
    return { stripeWebhookSecrets: () => configured.stripe!, bridgeSecrets: () => configured.bridge! };
  if (config.NODE_ENV === "production")
    throw new ConfigError(
      `invalid setting ${configured.stripe ? "BRIDGE_SECRETS" : "STRIPE_WEBHOOK_SECRETS"}: required in production`,
    );
  const { secrets, file } = await loadOrCreateLocalSecrets(config.DATA_DIR);
  logger.info({ file }, "signing secrets not configured: using locally generated ones");
  const stripe = configured.stripe ?? [secrets.stripeWebhookSecret];
  const bridge = configured.bridge ?? [secrets.bridgeSecret];
  return { stripeWebhookSecrets: () => stripe, bridgeSecrets: () => bridge };
}

async function main(command: string | undefined) {
  if (!command || !(command in roles)) {
    console.error(usage);
    process.exit(2);
  }
  const role = roles[command as Role];
  if (existsSync(".env")) process.loadEnvFile(".env");

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`sidecar: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.LOG_LEVEL);
  const secrets = await resolveSecrets(config, logger).catch((err) => {
    console.error(`sidecar: ${err.message}`);
    process.exit(78);
  });
  const sidecar = await Sidecar.open({ config, logger, secrets, defaultMetrics: true });

  if (role.worker) sidecar.startWorkers();
  const backends = { database: `${sidecar.db.backend} (${sidecar.db.location})`, queue: sidecar.queue.backend };
  if (role.web) {
    const port = await sidecar.listen();
    const base = `http://${config.HOST}:${port}`;
    logger.info({ role: command, ...backends, url: base }, "sidecar listening");
    console.log(
      `\n  nop-stripe-sidecar (${command}) on ${base}\n  GraphiQL:  ${base}/graphql\n  database:  ${backends.database}\n  queue:     ${backends.queue}\n`,
    );
  } else {
    logger.info({ role: command, ...backends }, "sidecar worker running");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: draining requests and jobs");
    const timer = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    await sidecar.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await main(process.argv[2]);
