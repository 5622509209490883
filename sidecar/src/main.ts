#!/usr/bin/env node
// The one composition root: reads the environment, wires adapters, flows and edges, runs the chosen role.
import { existsSync } from "node:fs";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createExternalSystems, MissingSettingError } from "./external-systems.js";
import { registerFlows } from "./flows/register-flows.js";
import { loadOrCreateLocalSecrets } from "./local-secrets.js";
import { createLogger, type Logger } from "./logger.js";
import { openSandboxSidecar } from "./sandbox/sandbox-sidecar.js";
import type { Sandbox } from "./sandbox/start-sandbox.js";
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

interface Running {
  sidecar: Sidecar;
  sandbox?: Sandbox;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Real systems: Stripe, the store's bridge, the ERP and the WMS, all from settings. */
async function openConfigured(config: Config, logger: Logger): Promise<Running> {
  const secrets = await resolveSecrets(config, logger);
  const sidecar = await Sidecar.open({ config, logger, secrets, defaultMetrics: true });
  let publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  registerFlows(sidecar, createExternalSystems(config, logger), () => publicUrl);
  return {
    sidecar,
    async listen(port, host) {
      const base = `http://${host}:${await sidecar.listen(port, host)}`;
      publicUrl = config.PUBLIC_URL ?? base;
      return base;
    },
    close: () => sidecar.close(),
  };
}

/** No Stripe key: the sandbox, with every other system simulated in this process. */
async function openSandbox(config: Config, logger: Logger, command: string): Promise<Running> {
  if (config.NODE_ENV === "production")
    throw new ConfigError(
      "invalid setting STRIPE_SECRET_KEY: required in production (without it the sidecar runs the sandbox)",
    );
  if (command !== "start")
    throw new ConfigError("the sandbox (no STRIPE_SECRET_KEY) runs as `start` only: web and workers in one process");
  return openSandboxSidecar(config, logger, { defaultMetrics: true });
}

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

function startupBanner(
  command: string,
  base: string,
  backends: { database: string; queue: string },
  sandbox?: Sandbox,
) {
  const lines = [
    `  nop-stripe-sidecar (${command}) on ${base}`,
    `  GraphiQL:  ${base}/graphql`,
    `  database:  ${backends.database}`,
    `  queue:     ${backends.queue}`,
  ];
  if (sandbox)
    lines.push(
      "",
      "  SANDBOX MODE: no STRIPE_SECRET_KEY is set, so everything below is simulated, locally:",
      `    Stripe emulator       ${sandbox.stripe.url}   (webhooks signed and delivered to this sidecar)`,
      `    nopCommerce store     ${sandbox.nop.url}   (demo catalog and customers; events to this sidecar)`,
      `    ERP                   ${sandbox.erp.url}`,
      `    warehouse (WMS)       ${sandbox.wms.url}`,
      "  Set STRIPE_SECRET_KEY and the NOP_/ERP_/WMS_ settings (.env.example) to use the real systems.",
    );
  return `\n${lines.join("\n")}\n`;
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
  const app = await (config.STRIPE_SECRET_KEY
    ? openConfigured(config, logger)
    : openSandbox(config, logger, command)
  ).catch((err) => {
    if (!(err instanceof ConfigError || err instanceof MissingSettingError)) throw err;
    console.error(`sidecar: ${err.message}`);
    process.exit(78);
  });
  const { sidecar } = app;
  if (role.worker) sidecar.startWorkers();
  const backends = { database: `${sidecar.db.backend} (${sidecar.db.location})`, queue: sidecar.queue.backend };
  if (role.web) {
    const base = await app.listen(config.PORT, config.HOST);
    logger.info({ role: command, ...backends, url: base, sandbox: Boolean(app.sandbox) }, "sidecar listening");
    console.log(startupBanner(command, base, backends, app.sandbox));
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
    await app.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await main(process.argv[2]);
