import { pino } from "pino";
import { loadConfig } from "../../sidecar/src/config.js";
import { Sidecar } from "../../sidecar/src/sidecar.js";
import { createTestToken } from "./api-tokens.js";
import type { Backend, Isolated } from "./backends.js";
import { bridgeSecret, stripeOldSecret, stripeSecret } from "./signing.js";

export interface TestSidecar {
  sidecar: Sidecar;
  url: string;
  /** An admin token for /graphql and /metrics. */
  adminToken: string;
  close(): Promise<void>;
}

/** A real sidecar on an ephemeral port, on the given backend, with fast retries for tests. */
export async function startTestSidecar(
  backend: Backend,
  env: Record<string, string> = {},
  options: {
    workers?: boolean;
    configure?: (sidecar: Sidecar) => void;
    /** Reuse another sidecar's database and queue (restarts, scale-out); its owner cleans up. */
    shareWith?: Isolated;
    /** Where the sidecar logs (silent unless TEST_LOG_LEVEL is set). */
    logger?: pino.Logger;
  } = {},
): Promise<TestSidecar & { isolated: Isolated }> {
  const isolated = options.shareWith ?? (await backend.isolate());
  const { overrides } = isolated;
  const cleanup = options.shareWith ? async () => {} : isolated.cleanup;
  const config = {
    ...loadConfig({
      NODE_ENV: "test",
      JOB_BACKOFF_BASE_MS: "20",
      JOB_BACKOFF_MAX_MS: "200",
      JOB_MAX_ATTEMPTS: "3",
      ...env,
    }),
    ...overrides,
  };
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const sidecar = await Sidecar.open({
    config,
    logger,
    secrets: { stripeWebhookSecrets: () => [stripeSecret, stripeOldSecret], bridgeSecrets: () => [bridgeSecret] },
  });
  options.configure?.(sidecar);
  if (options.workers ?? true) sidecar.startWorkers(8);
  const port = await sidecar.listen(0, "127.0.0.1");
  return {
    isolated,
    sidecar,
    url: `http://127.0.0.1:${port}`,
    adminToken: await createTestToken(sidecar),
    close: async () => {
      await sidecar.close();
      await cleanup();
    },
  };
}
