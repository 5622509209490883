import { randomBytes } from "node:crypto";
import { type CallbackDelivery, SignedCallbackSender } from "@nop-stripe/simulator-support/signed-callback-sender.js";
import {
  type RunningSimulator,
  type SimulatorListenOptions,
  startSimulator,
} from "@nop-stripe/simulator-support/simulator-bootstrap.js";
import { FulfillmentCenter } from "./fulfillment-center.js";
import type { FulfillmentRequest } from "./fulfillment-request-schema.js";
import { wmsControlRoutes, wmsRoutes } from "./wms-routes.js";

export const DEFAULT_WMS_API_KEY = "sandbox-wms-key";

export interface WmsSimulatorOptions extends SimulatorListenOptions {
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

export interface WmsSimulator extends RunningSimulator {
  /** The secret shipment callbacks are signed with; give it to the receiver's verifier. */
  webhookSecret: string;
  fulfillmentRequests(): FulfillmentRequest[];
  ship(id: string): FulfillmentRequest;
  deliver(id: string): FulfillmentRequest;
  /** Every shipment notification with its attempts and outcome. */
  callbacks(): readonly CallbackDelivery[];
}

export async function startWmsSimulator(options: WmsSimulatorOptions = {}): Promise<WmsSimulator> {
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
  const simulator = await startSimulator({
    apiKey: options.apiKey ?? DEFAULT_WMS_API_KEY,
    host: options.host,
    port: options.port,
    api: (idempotency) => wmsRoutes(center, idempotency),
    control: wmsControlRoutes(center),
    state: () => ({ fulfillmentRequests: center.list(), callbacks: sender.deliveries() }),
    reset: () => {
      center.reset();
      sender.clear();
    },
    dispose: () => {
      center.dispose();
      sender.dispose();
    },
  });
  return {
    ...simulator,
    webhookSecret,
    fulfillmentRequests: () => center.list(),
    ship: (id) => center.ship(id),
    deliver: (id) => center.deliver(id),
    callbacks: () => sender.deliveries(),
  };
}
