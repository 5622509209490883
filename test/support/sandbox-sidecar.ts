import { pino } from "pino";
import { loadConfig } from "../../sidecar/src/config.js";
import { createExternalSystems, type ExternalSystems } from "../../sidecar/src/external-systems.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../sidecar/src/sandbox/start-sandbox.js";
import { Sidecar } from "../../sidecar/src/sidecar.js";
import type { Backend } from "./backends.js";

export interface SandboxSidecar {
  sandbox: Sandbox;
  sidecar: Sidecar;
  systems: ExternalSystems;
  /** The sidecar's base URL (for WMS callbacks and anything else that calls it). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real sidecar on the given backend, wired over real HTTP to the Stripe emulator and the nopCommerce,
 * ERP and WMS simulators: the sandbox, as `npm start` runs it without keys. Flows register in `configure`,
 * before workers start.
 */
export async function startSandboxSidecar(
  backend: Backend,
  options: {
    env?: Record<string, string>;
    sandbox?: SandboxOptions;
    configure?: (sidecar: Sidecar, systems: ExternalSystems, publicUrl: () => string) => void;
    workers?: boolean;
  } = {},
): Promise<SandboxSidecar> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const sandbox = await startSandbox({ logger, wmsShipAfterMs: null, wmsDeliverAfterMs: null, ...options.sandbox });
  const { overrides, cleanup } = await backend.isolate();
  const config = {
    ...loadConfig({
      NODE_ENV: "test",
      JOB_BACKOFF_BASE_MS: "20",
      JOB_BACKOFF_MAX_MS: "200",
      JOB_MAX_ATTEMPTS: "5",
      ...options.env,
    }),
    ...sandbox.config,
    ...overrides,
  };
  const stripeWebhookSecrets: string[] = [];
  const sidecar = await Sidecar.open({
    config,
    logger,
    secrets: { stripeWebhookSecrets: () => stripeWebhookSecrets, bridgeSecrets: () => [sandbox.bridgeSecret] },
  });
  const systems = createExternalSystems(config, logger);
  let url = "";
  options.configure?.(sidecar, systems, () => url);
  if (options.workers ?? true) sidecar.startWorkers(8);
  url = `http://127.0.0.1:${await sidecar.listen(0, "127.0.0.1")}`;
  stripeWebhookSecrets.push(sandbox.connect(url).stripeWebhookSecret);
  return {
    sandbox,
    sidecar,
    systems,
    url,
    close: async () => {
      await sidecar.close();
      await sandbox.close();
      await cleanup();
    },
  };
}
