// The one door from the product to the sandbox (sidecar/src/sandbox/ and the emulator and simulator packages):
// a dynamic import, taken only in sandbox mode. The specifier is a variable so that the production build
// (tsconfig.build.json) does not follow it: `npm run build` output holds no sandbox module, and a production
// process never resolves one (scripts/check-production-build.mjs checks both).
import type { Config } from "./config.js";
import { ConfigError } from "./config.js";
import type { Logger } from "./logger.js";
import type { Sidecar } from "./sidecar.js";

/** What the composition root uses of a running sandbox: its sidecar, and the addresses the banner names. */
export interface RunningSandbox {
  sidecar: Sidecar;
  sandbox: { stripe: { url: string }; nop: { url: string }; erp: { url: string }; wms: { url: string } };
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** sidecar/src/sandbox/sandbox-sidecar.ts's export, as seen from here (it declares that it fits). */
export type OpenSandbox = (
  config: Config,
  logger: Logger,
  options: { defaultMetrics?: boolean },
) => Promise<RunningSandbox>;

const sandboxModule = "./sandbox/sandbox-sidecar.js";

export async function loadSandbox(): Promise<OpenSandbox> {
  try {
    const loaded: { openSandboxSidecar: OpenSandbox } = await import(sandboxModule);
    return loaded.openSandboxSidecar;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new ConfigError(
      "the sandbox (no STRIPE_SECRET_KEY) is not part of this build: run it from a checkout with `npm start`, or set STRIPE_SECRET_KEY and the NOP_/ERP_/WMS_ settings",
    );
  }
}
