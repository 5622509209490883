import Stripe from "stripe";
import type { Config } from "./config.js";
import { type Credential, readCredential } from "./connectors/credential.js";
import type { ErpPort } from "./connectors/erp/erp-port.js";
import { HttpErpAdapter } from "./connectors/erp/http-erp-adapter.js";
import { HttpNopAdapter } from "./connectors/nop/http-nop-adapter.js";
import type { NopPort } from "./connectors/nop/nop-port.js";
import { HttpWmsAdapter } from "./connectors/wms/http-wms-adapter.js";
import type { WmsPort } from "./connectors/wms/wms-port.js";
import type { Logger } from "./logger.js";
import { type SecretKindName, settingOf } from "./vault/secret-kinds.js";
import type { Vault } from "./vault/vault.js";

/** Every system the flows talk to, behind the ports the flows own. */
export interface ExternalSystems {
  stripe: Stripe;
  nop: NopPort;
  erp: ErpPort;
  wms: WmsPort;
  /** Secrets the WMS signs its shipment callbacks with, every unexpired one. */
  wmsCallbackSecrets: () => readonly string[];
}

export class MissingSettingError extends Error {
  override name = "ConfigError";
}

const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new MissingSettingError(`invalid setting ${name}: required to reach the real system`);
  return value;
};

/**
 * Reads the newest secret of a kind from the vault on every use, so a rotation applies to the next request. It
 * must exist at start-up (the error names the setting it is imported from); if it is expired later, calls fail
 * with the same message until a new one is stored.
 */
export function vaultCredential(vault: Vault, kind: SecretKindName): () => string {
  const read = () => {
    const value = vault.current(kind);
    if (value === undefined)
      throw new MissingSettingError(
        `invalid setting ${settingOf(kind)}: required to reach the real system (or store one with \`sidecar secret set ${kind}\`)`,
      );
    return value;
  };
  read();
  return read;
}

/**
 * The official Stripe client, pointed at STRIPE_API_BASE (Stripe itself, or a local emulator). The API key is
 * read for every request (stripe-node's `authenticator`), so a key rotated in the vault is used at once.
 */
export function createStripeClient(apiKey: Credential, apiBase: string): Stripe {
  const base = new URL(apiBase);
  return new Stripe("", {
    authenticator: async (request) => {
      request.headers.Authorization = `Bearer ${readCredential(apiKey)}`;
    },
    host: base.hostname,
    port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
    protocol: base.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "nop-stripe-sidecar", version: "0.1.0" },
  });
}

/** Real adapters from configuration, their credentials from the vault; a missing setting names itself. */
export function createExternalSystems(config: Config, logger: Logger, vault: Vault): ExternalSystems {
  return {
    stripe: createStripeClient(vaultCredential(vault, "stripe_api_key"), config.STRIPE_API_BASE),
    nop: new HttpNopAdapter({
      baseUrl: required(config.NOP_URL, "NOP_URL"),
      secret: vaultCredential(vault, "nop_writeback_secret"),
      logger,
    }),
    erp: new HttpErpAdapter({
      baseUrl: required(config.ERP_URL, "ERP_URL"),
      apiKey: vaultCredential(vault, "erp_api_key"),
    }),
    wms: new HttpWmsAdapter({
      baseUrl: required(config.WMS_URL, "WMS_URL"),
      apiKey: vaultCredential(vault, "wms_api_key"),
    }),
    wmsCallbackSecrets: () => vault.active("wms_callback_secret"),
  };
}
