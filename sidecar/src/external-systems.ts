import Stripe from "stripe";
import type { Config } from "./config.js";
import type { ErpPort } from "./connectors/erp/erp-port.js";
import { HttpErpAdapter } from "./connectors/erp/http-erp-adapter.js";
import { HttpNopAdapter } from "./connectors/nop/http-nop-adapter.js";
import type { NopPort } from "./connectors/nop/nop-port.js";
import { LogAndWebhookNotifier, type Notifier } from "./connectors/notifier/notifier.js";
import { HttpWmsAdapter } from "./connectors/wms/http-wms-adapter.js";
import type { WmsPort } from "./connectors/wms/wms-port.js";
import type { Logger } from "./logger.js";

/** Every system the flows talk to, behind the ports the flows own. */
export interface ExternalSystems {
  stripe: Stripe;
  nop: NopPort;
  erp: ErpPort;
  wms: WmsPort;
  notifier: Notifier;
}

export class MissingSettingError extends Error {
  override name = "ConfigError";
}

const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new MissingSettingError(`invalid setting ${name}: required to reach the real system`);
  return value;
};

/** The official Stripe client, pointed at STRIPE_API_BASE (Stripe itself, or a local emulator). */
export function createStripeClient(secretKey: string, apiBase: string): Stripe {
  const base = new URL(apiBase);
  return new Stripe(secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
    protocol: base.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "nop-stripe-sidecar", version: "0.1.0" },
  });
}

/** Real adapters from configuration; a missing setting names itself. */
export function createExternalSystems(config: Config, logger: Logger): ExternalSystems {
  return {
    stripe: createStripeClient(required(config.STRIPE_SECRET_KEY, "STRIPE_SECRET_KEY"), config.STRIPE_API_BASE),
    nop: new HttpNopAdapter({
      baseUrl: required(config.NOP_URL, "NOP_URL"),
      secret: required(config.NOP_WRITEBACK_SECRET, "NOP_WRITEBACK_SECRET"),
      logger,
    }),
    erp: new HttpErpAdapter({
      baseUrl: required(config.ERP_URL, "ERP_URL"),
      apiKey: required(config.ERP_API_KEY, "ERP_API_KEY"),
    }),
    wms: new HttpWmsAdapter({
      baseUrl: required(config.WMS_URL, "WMS_URL"),
      apiKey: required(config.WMS_API_KEY, "WMS_API_KEY"),
    }),
    notifier: new LogAndWebhookNotifier(logger, config.ALERT_WEBHOOK_URL),
  };
}
