import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { type StripeEmulator, type StripeEmulatorOptions, startStripeEmulator } from "./index.js";

/** Test helpers: an emulator on an ephemeral port and the official client pointed at it. */
export interface EmulatorKit {
  emulator: StripeEmulator;
  stripe: Stripe;
  /** POSTs JSON to a control endpoint and returns the parsed answer. */
  control<T = unknown>(path: string, body?: Record<string, unknown>, method?: string): Promise<T>;
  close(): Promise<void>;
}

export function stripeClient(emulator: StripeEmulator, key = "sk_test_emulator"): Stripe {
  return new Stripe(key, {
    host: emulator.host,
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export async function startKit(options: StripeEmulatorOptions = {}): Promise<EmulatorKit> {
  const emulator = await startStripeEmulator({ webhookRetrySchedule: [10, 20, 40], ...options });
  const stripe = stripeClient(emulator);
  return {
    emulator,
    stripe,
    async control<T>(path: string, body: Record<string, unknown> = {}, method = "POST") {
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : JSON.stringify(body),
      });
      return (await response.json()) as T;
    },
    close: () => emulator.close(),
  };
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

/** A local webhook receiver that answers with the given statuses in turn (then 200). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startReceiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queue = [...statuses];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ body, signature: String(req.headers["stripe-signature"] ?? "") });
    res.writeHead(queue.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
