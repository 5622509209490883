// Runs one long-running role (start, web, worker): opens the sidecar, wires the flows, serves and drains.
// Loaded only for these roles, so the admin commands start without the HTTP, GraphQL and queue stacks.
import { resolve } from "node:path";
import { initialTokenNotice } from "./auth/initial-token.js";
import { type Config, ConfigError, graphiqlEnabled } from "./config.js";
import { createExternalSystems, MissingSettingError } from "./external-systems.js";
import { registerFlows } from "./flows/register-flows.js";
import { asListenError, requireListenable } from "./http/free-port.js";
import { createLogger, type Logger } from "./logger.js";
import { type Role, roles } from "./roles.js";
import { loadSandbox, type RunningSandbox } from "./sandbox-loader.js";
import { Sidecar } from "./sidecar.js";
import { ensureSigningSecrets, importConfiguredSecrets } from "./vault/configured-secrets.js";

interface Running {
  sidecar: Sidecar;
  sandbox?: RunningSandbox["sandbox"];
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Real systems: Stripe, the store's bridge, the ERP and the WMS, all from settings. */
async function openConfigured(config: Config, logger: Logger): Promise<Running> {
  const sidecar = await Sidecar.open({ config, logger, defaultMetrics: true });
  await importConfiguredSecrets(sidecar, config);
  await ensureSigningSecrets(sidecar, config, logger);
  let publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  registerFlows(sidecar, createExternalSystems(config, logger, sidecar.vault), () => publicUrl);
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
  if (command !== "start")
    throw new ConfigError("the sandbox (no STRIPE_SECRET_KEY) runs as `start` only: web and workers in one process");
  const openSandboxSidecar = await loadSandbox();
  return openSandboxSidecar(config, logger, { defaultMetrics: true });
}

function startupBanner(
  command: string,
  base: string,
  backends: { database: string; queue: string },
  graphiql: { on: boolean; signedInLinkBelow: boolean },
  sandbox?: RunningSandbox["sandbox"],
) {
  const lines = [
    `  nop-stripe-sidecar (${command}) on ${base}`,
    graphiql.on
      ? `  GraphiQL:  ${base}/graphql${graphiql.signedInLinkBelow ? "   (signed in: the link under FIRST START below)" : ""}`
      : "  GraphiQL:  off (GRAPHIQL=true serves it); GraphQL at /graphql",
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

/** A wrong setting found while starting: one line naming it, exit 78 (EX_CONFIG). Anything else is thrown. */
function exitOnSettingError(err: unknown): never {
  if (!(err instanceof ConfigError || err instanceof MissingSettingError)) throw err;
  console.error(`sidecar: ${err.message}`);
  process.exit(78);
}

export async function runRole(command: Role, config: Config): Promise<void> {
  const role = roles[command as Role];
  const logger = createLogger(config.LOG_LEVEL);
  const open = async () => {
    // First: a busy port must leave no data folder, master key or database behind.
    if (role.web) await requireListenable(config.PORT, config.HOST);
    // Production always talks to the real systems; its Stripe key may come from the environment or the vault.
    return config.STRIPE_SECRET_KEY || config.NODE_ENV === "production"
      ? openConfigured(config, logger)
      : openSandbox(config, logger, command);
  };
  const app = await open().catch(exitOnSettingError);
  const { sidecar } = app;
  if (role.worker) sidecar.startWorkers();
  const backends = { database: `${sidecar.db.backend} (${sidecar.db.location})`, queue: sidecar.queue.backend };
  if (role.web) {
    // Taken since it was checked (another process started in between): the same one line.
    const base = await app
      .listen(config.PORT, config.HOST)
      .catch((err) => exitOnSettingError(asListenError(err, config.PORT, config.HOST) ?? err));
    logger.info({ role: command, ...backends, url: base, sandbox: Boolean(app.sandbox) }, "sidecar listening");
    // Decided before anything is printed: once the banner is out, the first-start token exists or never will.
    const graphiql = graphiqlEnabled(config);
    const tokenFile = config.NODE_ENV === "production" ? resolve(config.DATA_DIR, "initial-admin-token") : undefined;
    const embeddedDatabase = sidecar.db.backend === "pglite";
    const firstStart = await initialTokenNotice(sidecar.tokens, { base, graphiql, tokenFile, embeddedDatabase });
    const signedInLinkBelow = firstStart !== null && graphiql && tokenFile === undefined;
    const banner = startupBanner(command, base, backends, { on: graphiql, signedInLinkBelow }, app.sandbox);
    console.log(banner + (firstStart ?? ""));
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
