import { pino } from "pino";
import { loadConfig } from "../../sidecar/src/config.js";
import type { ExternalSystems } from "../../sidecar/src/external-systems.js";
import { openSandboxSidecar, type RegisterFlows } from "../../sidecar/src/sandbox/sandbox-sidecar.js";
import type { Sandbox, SandboxOptions } from "../../sidecar/src/sandbox/start-sandbox.js";
import type { Sidecar } from "../../sidecar/src/sidecar.js";
import { createTestToken } from "./api-tokens.js";
import type { Backend } from "./backends.js";

export interface SandboxSidecar {
  sandbox: Sandbox;
  sidecar: Sidecar;
  systems: ExternalSystems;
  /** The sidecar's base URL (for WMS callbacks and anything else that calls it). */
  url: string;
  /** An admin token for /graphql and /metrics. */
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The sandbox as `npm start` runs it without keys, on the given backend, with fast retries. Flows register
 * in `configure` (default: none, so a test wires exactly what it tests), before workers start.
 */
export async function startSandboxSidecar(
  backend: Backend,
  options: {
    env?: Record<string, string>;
    sandbox?: SandboxOptions;
    configure?: RegisterFlows;
    workers?: boolean;
  } = {},
): Promise<SandboxSidecar> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const { overrides, cleanup } = await backend.isolate();
  const config = {
    ...loadConfig({
      NODE_ENV: "test",
      JOB_BACKOFF_BASE_MS: "20",
      JOB_BACKOFF_MAX_MS: "200",
      JOB_MAX_ATTEMPTS: "5",
      ...options.env,
    }),
    ...overrides,
  };
  const app = await openSandboxSidecar(config, logger, {
    sandbox: { wmsShipAfterMs: null, wmsDeliverAfterMs: null, ...options.sandbox },
    register: options.configure ?? (() => {}),
  });
  if (options.workers ?? true) app.sidecar.startWorkers(8);
  const url = await app.listen(0, "127.0.0.1");
  return {
    ...app,
    url,
    adminToken: await createTestToken(app.sidecar),
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}
