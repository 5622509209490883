import type { Config } from "../config.js";
import { createExternalSystems, type ExternalSystems } from "../external-systems.js";
import { registerFlows } from "../flows/register-flows.js";
import type { Logger } from "../logger.js";
import type { OpenSandbox } from "../sandbox-loader.js";
import { Sidecar } from "../sidecar.js";
import { importAudited, importConfiguredSecrets } from "../vault/configured-secrets.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "./start-sandbox.js";

export type RegisterFlows = (sidecar: Sidecar, systems: ExternalSystems, publicUrl: () => string) => void;

export interface SandboxSidecar {
  sandbox: Sandbox;
  sidecar: Sidecar;
  systems: ExternalSystems;
  /** Serves HTTP and connects the simulators to it; resolves with the sidecar's base URL. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole product on one machine with no keys: the sidecar wired over real HTTP to the Stripe emulator and
 * the nopCommerce, ERP and WMS simulators. Used by `npm start` without a Stripe key (loaded by
 * ../sandbox-loader.ts, in sandbox mode only), the demo and the tests.
 */
export const openSandboxSidecar = openSandbox satisfies OpenSandbox;

async function openSandbox(
  config: Config,
  logger: Logger,
  options: { sandbox?: SandboxOptions; register?: RegisterFlows; defaultMetrics?: boolean } = {},
): Promise<SandboxSidecar> {
  const sandbox = await startSandbox({ logger, ...options.sandbox });
  const wired: Config = { ...config, ...sandbox.config };
  const sidecar = await Sidecar.open({ config: wired, logger, defaultMetrics: options.defaultMetrics ?? false });
  // The simulators start with fresh secrets each time: they replace an earlier sandbox run's at once, and only
  // those: a secret someone stored (say the Stripe CLI's, to forward test-mode events here) stays as it was.
  const fromSandbox = { overlapSeconds: 0, createdBy: "sandbox", supersedes: "sandbox" };
  await importConfiguredSecrets(sidecar, wired, fromSandbox);
  const systems = createExternalSystems(wired, logger, sidecar.vault);
  let publicUrl = `http://${config.HOST}:${config.PORT}`;
  (options.register ?? registerFlows)(sidecar, systems, () => publicUrl);
  return {
    sandbox,
    sidecar,
    systems,
    async listen(port, host) {
      publicUrl = `http://${host}:${await sidecar.listen(port, host)}`;
      const { stripeWebhookSecret } = sandbox.connect(publicUrl);
      await importAudited(sidecar, { kind: "stripe_webhook_secret", values: [stripeWebhookSecret], ...fromSandbox });
      return publicUrl;
    },
    async close() {
      await sidecar.close();
      await sandbox.close();
    },
  };
}
