import { randomBytes } from "node:crypto";
import { FaultInjector } from "../fault-injection.js";
import { listen } from "../shared/http-server.js";
import { IdempotencyStore } from "../shared/idempotency-store.js";
import { RequestLog } from "../shared/request-log.js";
import { type CallbackDelivery, SignedCallbackSender } from "../shared/signed-callback-sender.js";
import { createSimulatorApp } from "../shared/simulator-app.js";
import { FulfillmentCenter } from "./fulfillment-center.js";
import type { FulfillmentRequest } from "./fulfillment-request-schema.js";
import { wmsControlRoutes, wmsRoutes } from "./wms-routes.js";

export const DEFAULT_WMS_API_KEY = "sandbox-wms-key";

export interface WmsSimulatorOptions {
  /** Bearer token the simulator requires. */
  apiKey?: string;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Standard Webhooks secret for shipment callbacks, `whsec_<base64>`; generated when unset. */
  webhookSecret?: string;
  /** Default 2000; null: ship only when told to. */
  shipAfterMs?: number | null;
  /** After shipping. Default 2000; null: deliver only when told to. */
  deliverAfterMs?: number | null;
  /** Waits before each callback retry. Default 0.5 s, 2 s, 10 s, 30 s, 60 s. */
  callbackRetryScheduleMs?: readonly number[];
  /** Per callback attempt. Default 5000. */
  callbackTimeoutMs?: number;
  carrier?: string;
}

export interface WmsSimulator {
  url: string;
  apiKey: string;
  /** The secret shipment callbacks are signed with; give it to the receiver's verifier. */
  webhookSecret: string;
  close(): Promise<void>;
  /** Same as POST /_control/faults. */
  faults: FaultInjector;
  requests: RequestLog;
  fulfillmentRequests(): FulfillmentRequest[];
  ship(id: string): FulfillmentRequest;
  deliver(id: string): FulfillmentRequest;
  /** Every shipment notification with its attempts and outcome. */
  callbacks(): readonly CallbackDelivery[];
  reset(): void;
}

export async function startWmsSimulator(options: WmsSimulatorOptions = {}): Promise<WmsSimulator> {
  const apiKey = options.apiKey ?? DEFAULT_WMS_API_KEY;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString("base64")}`;
  const sender = new SignedCallbackSender({
    secret: webhookSecret,
    retryScheduleMs: options.callbackRetryScheduleMs ?? [500, 2000, 10_000, 30_000, 60_000],
    timeoutMs: options.callbackTimeoutMs ?? 5000,
  });
  const center = new FulfillmentCenter(
    {
      shipAfterMs: options.shipAfterMs === undefined ? 2000 : options.shipAfterMs,
      deliverAfterMs: options.deliverAfterMs === undefined ? 2000 : options.deliverAfterMs,
      carrier: options.carrier ?? "DHL",
    },
    sender,
  );
  const idempotency = new IdempotencyStore();
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const reset = () => {
    center.reset();
    sender.clear();
    idempotency.clear();
    requests.clear();
    faults.clear();
  };
  const app = createSimulatorApp({
    apiKey,
    faults,
    requests,
    api: wmsRoutes(center, idempotency),
    control: wmsControlRoutes(center),
    state: () => ({
      fulfillmentRequests: center.list(),
      callbacks: sender.deliveries(),
      fault: faults.state(),
      requestCounts: requests.counts(),
    }),
    reset,
  });
  const server = await listen(app, options.host, options.port);
  return {
    url: server.url,
    apiKey,
    webhookSecret,
    close: async () => {
      center.dispose();
      sender.dispose();
      faults.dispose();
      await server.close();
    },
    faults,
    requests,
    fulfillmentRequests: () => center.list(),
    ship: (id) => center.ship(id),
    deliver: (id) => center.deliver(id),
    callbacks: () => sender.deliveries(),
    reset,
  };
}
