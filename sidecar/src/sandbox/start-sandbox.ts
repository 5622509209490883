import { randomBytes } from "node:crypto";
import { type ErpSimulator, startErpSimulator } from "@nop-stripe/erp-simulator/index.js";
import { type NopSimulator, startNopSimulator } from "@nop-stripe/nop-simulator/nop-simulator.js";
import { type StripeEmulator, startStripeEmulator } from "@nop-stripe/stripe-emulator/index.js";
import { startWmsSimulator, type WmsSimulator } from "@nop-stripe/wms-simulator/index.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

export interface SandboxOptions {
  logger?: Logger;
  /** WMS: ship this long after a fulfillment request, deliver this long after shipping; null: only when told. */
  wmsShipAfterMs?: number | null;
  wmsDeliverAfterMs?: number | null;
  /** Stripe emulator webhook retry delays (ms). */
  stripeWebhookRetrySchedule?: number[];
  /** Deliveries in flight at once: Stripe's webhooks and the store's event outbox (default 1: in order). */
  stripeWebhookConcurrency?: number;
  nopOutboxConcurrency?: number;
  /** How the store's outbox retries (default: the simulator's, which gives up after 50 attempts). */
  nopOutboxRetry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** The simulated store's primary currency (ISO 4217; default USD): orders are placed and paid in it. */
  nopPrimaryStoreCurrencyCode?: string;
}

export interface Sandbox {
  stripe: StripeEmulator;
  nop: NopSimulator;
  erp: ErpSimulator;
  wms: WmsSimulator;
  /** Settings that point the sidecar at the simulators (merge over the parsed config). */
  config: Partial<Config>;
  /** The bridge's event secret: the sidecar verifies the simulated store's events with it. */
  bridgeSecret: string;
  /**
   * Once the sidecar listens: registers it as the emulator's webhook endpoint and as the store's event
   * receiver. Returns the endpoint's signing secret, which the sidecar must accept.
   */
  connect(sidecarUrl: string): { stripeWebhookSecret: string };
  close(): Promise<void>;
}

/**
 * Sandbox mode: a faithful Stripe emulator, a nopCommerce store, an ERP and a warehouse, all local, so the
 * product runs end to end with no keys and no internet. Imported only by the composition root and tests.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const bridgeSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const writeBackSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const stripe = await startStripeEmulator({
    webhookRetrySchedule: options.stripeWebhookRetrySchedule ?? [1000, 5000, 30_000],
    ...(options.stripeWebhookConcurrency ? { webhookConcurrency: options.stripeWebhookConcurrency } : {}),
  });
  const nop = await startNopSimulator({
    eventSecret: bridgeSecret,
    writeBackSecret,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.nopOutboxConcurrency ? { outboxConcurrency: options.nopOutboxConcurrency } : {}),
    ...(options.nopOutboxRetry ? { outboxRetry: options.nopOutboxRetry } : {}),
    ...(options.nopPrimaryStoreCurrencyCode ? { primaryStoreCurrencyCode: options.nopPrimaryStoreCurrencyCode } : {}),
  });
  const erp = await startErpSimulator({});
  const wms = await startWmsSimulator({
    shipAfterMs: options.wmsShipAfterMs === undefined ? 2000 : options.wmsShipAfterMs,
    deliverAfterMs: options.wmsDeliverAfterMs === undefined ? 2000 : options.wmsDeliverAfterMs,
  });
  return {
    stripe,
    nop,
    erp,
    wms,
    bridgeSecret,
    config: {
      STRIPE_SECRET_KEY: `sk_test_sandbox${randomBytes(12).toString("hex")}`,
      STRIPE_API_BASE: stripe.url,
      NOP_URL: nop.url,
      NOP_WRITEBACK_SECRET: writeBackSecret,
      ERP_URL: erp.url,
      ERP_API_KEY: erp.apiKey,
      WMS_URL: wms.url,
      WMS_API_KEY: wms.apiKey,
      WMS_CALLBACK_SECRETS: [wms.webhookSecret],
      BRIDGE_SECRETS: [bridgeSecret],
    },
    connect(sidecarUrl) {
      nop.setSidecarUrl(sidecarUrl);
      const endpoint = stripe.createWebhookEndpoint(`${sidecarUrl}/webhooks/stripe`);
      return { stripeWebhookSecret: endpoint.secret };
    },
    async close() {
      await Promise.allSettled([stripe.close(), nop.close(), erp.close(), wms.close()]);
    },
  };
}
