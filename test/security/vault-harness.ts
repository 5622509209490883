import { randomBytes } from "node:crypto";
import { type Logger, pino } from "pino";
import { type Config, loadConfig } from "../../sidecar/src/config.js";
import { Sidecar } from "../../sidecar/src/sidecar.js";
import type { Backend, Isolated } from "../support/backends.js";

export const newMasterKey = () => randomBytes(32).toString("base64");
export const newStripeWebhookSecret = () => `whsec_${randomBytes(24).toString("hex")}`;
export const newStandardWebhooksSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export interface VaultSidecar {
  sidecar: Sidecar;
  url: string;
  config: Config;
  isolated: Isolated;
  close(): Promise<void>;
}

/** The test settings every vault suite uses, over a backend's isolated database. */
export function vaultConfig(isolated: Isolated, env: Record<string, string> = {}): Config {
  return {
    ...loadConfig({
      NODE_ENV: "test",
      VAULT_REFRESH_MS: "100",
      JOB_BACKOFF_BASE_MS: "20",
      JOB_MAX_ATTEMPTS: "3",
      ...env,
    }),
    ...isolated.overrides,
  };
}

/** A sidecar whose signing secrets come from its vault (no fixed test secrets), listening on a free port. */
export async function startVaultSidecar(
  backend: Backend,
  options: { env?: Record<string, string>; logger?: Logger; shareWith?: Isolated; persistent?: boolean } = {},
): Promise<VaultSidecar> {
  const isolated = options.shareWith ?? (await backend.isolate({ persistent: options.persistent ?? false }));
  const config = vaultConfig(isolated, options.env);
  const sidecar = await Sidecar.open({ config, logger: options.logger ?? pino({ level: "silent" }) });
  const port = await sidecar.listen(0, "127.0.0.1");
  return {
    sidecar,
    config,
    isolated,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await sidecar.close();
      if (!options.shareWith) await isolated.cleanup();
    },
  };
}

/** POSTs raw bytes with headers; answers the status and the body as text. */
export async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: res.status, body: await res.text() };
}
