import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { createApiRouter, virtualFields } from "./api-routes.js";
import { expireAuthorizations } from "./authorization-expiry.js";
import { defaultBillingSettings } from "./billing-settings.js";
import { type Clock, EmulatorContext } from "./context.js";
import { createControlRouter } from "./control-api.js";
import { markDeliveryResult } from "./events.js";
import { FaultInjector } from "./faults.js";
import type { ParamObject } from "./form-decoding.js";
import { type EmulatorLogger, silentLogger } from "./logger.js";
import { type PayOutOptions, payOutBalance } from "./payouts.js";
import { createEmulatorServer } from "./server.js";
import { type Delivery, type DeliveryMode, WebhookDispatcher } from "./webhook-delivery.js";
import { createEndpoint, endpointsFor } from "./webhook-endpoints.js";

export { API_VERSION, EmulatorContext } from "./context.js";
export type { EmulatorLogger } from "./logger.js";
export type { Delivery, DeliveryMode } from "./webhook-delivery.js";

export interface StripeEmulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delays in ms before each webhook retry; default 5 s, 30 s, 2 min (Stripe's sandbox retries 3 times). */
  webhookRetrySchedule?: number[];
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: Clock;
  logger?: EmulatorLogger;
  /** Per-attempt webhook timeout in ms; default 10 s. */
  webhookTimeoutMs?: number;
  /** Webhook deliveries in flight at once; default 1 (in order). */
  webhookConcurrency?: number;
}

export interface StripeEmulator {
  url: string;
  host: string;
  port: number;
  context: EmulatorContext;
  /** Registers a webhook endpoint for `events` (default every event) and returns its signing secret. */
  createWebhookEndpoint(url: string, events?: string[]): { id: string; secret: string };
  /** Pays out the balance as an automatic payout would (see README). */
  payOut(options?: PayOutOptions): Stripe.Payout[];
  setDeliveryMode(mode: Partial<DeliveryMode>): DeliveryMode;
  deliveries(): Delivery[];
  /** Resolves when no webhook is being sent, queued (unless paused) or waiting for a retry. */
  whenDeliveriesIdle(): Promise<void>;
  /** Moves the emulator's clock forward; returns the new time in unix seconds. */
  advanceTime(seconds: number): number;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_RETRY_SCHEDULE = [5_000, 30_000, 120_000];

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger ?? silentLogger;
  const baseClock = options.clock ?? Date.now;
  let offsetMs = 0;
  const ctx = new EmulatorContext(() => baseClock() + offsetMs);
  const dispatcher = new WebhookDispatcher({
    retrySchedule: options.webhookRetrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    concurrency: options.webhookConcurrency ?? 1,
    nowSeconds: () => ctx.now(),
    target: (endpointId) => {
      const endpoint = ctx.store.find<Stripe.WebhookEndpoint>(endpointId, "webhook_endpoint");
      const secret = ctx.store.webhookSecrets.get(endpointId);
      return endpoint && secret && endpoint.status === "enabled" ? { url: endpoint.url, secret } : undefined;
    },
    payload: (eventId) => {
      const event = ctx.store.find<Stripe.EventBase>(eventId, "event");
      return event ? `${JSON.stringify(event, null, 2)}` : undefined;
    },
    onSettled: (delivery) => {
      const event = ctx.store.find<Stripe.EventBase>(delivery.eventId, "event");
      if (!event) return;
      if (delivery.status === "succeeded") event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      markDeliveryResult(event, delivery.status === "succeeded");
    },
    log: (message, fields) => logger.warn(fields, message),
  });
  ctx.onEvent = (event) => {
    const endpoints = endpointsFor(ctx, event.type);
    for (const endpoint of endpoints) dispatcher.enqueue(event.id, event.type, endpoint.id);
    return endpoints.length;
  };
  const faults = new FaultInjector();
  const reset = () => {
    ctx.store.clear();
    ctx.idempotency.clear();
    dispatcher.clear();
    faults.clear();
    ctx.billing = { ...defaultBillingSettings };
  };
  const advanceTime = (seconds: number) => {
    offsetMs += seconds * 1000;
    // What Stripe does on its own as time passes: authorizations not captured in time expire.
    ctx.withoutRequest(() => expireAuthorizations(ctx));
    dispatcher.kick();
    return ctx.now();
  };
  const server = createEmulatorServer({
    ctx,
    api: createApiRouter(),
    control: createControlRouter({ dispatcher, faults, advanceTime, reset }),
    virtualFields: virtualFields(ctx),
    faults,
    logger,
    afterResponse: () => dispatcher.kick(),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  ctx.baseUrl = url;
  logger.info({ url }, "stripe emulator listening");

  return {
    url,
    host,
    port,
    context: ctx,
    createWebhookEndpoint(endpointUrl, events = ["*"]) {
      const params: ParamObject = { url: endpointUrl, enabled_events: events };
      const endpoint = ctx.withoutRequest(() => createEndpoint(ctx, params));
      return { id: endpoint.id, secret: endpoint.secret ?? "" };
    },
    payOut(payOutOptions) {
      const payouts = ctx.withoutRequest(() => payOutBalance(ctx, payOutOptions));
      dispatcher.kick();
      return payouts;
    },
    setDeliveryMode(mode) {
      dispatcher.setMode(mode);
      return dispatcher.mode;
    },
    deliveries: () => [...dispatcher.deliveries],
    whenDeliveriesIdle: () => dispatcher.whenIdle(),
    advanceTime,
    reset,
    async close() {
      await dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
