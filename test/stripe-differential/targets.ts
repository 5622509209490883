import { createServer, type RequestListener, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type StripeEmulator, startStripeEmulator } from "@nop-stripe/stripe-emulator/index.js";
import Stripe from "stripe";

/** One Stripe look-alike the same scenarios run against. */
export interface Target {
  name: "emulator" | "stripe-stateful-mock";
  stripe: Stripe;
  close(): Promise<void>;
}

function client(port: number): Stripe {
  return new Stripe("sk_test_differential", {
    host: "127.0.0.1",
    port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export async function startEmulatorTarget(): Promise<Target> {
  const emulator: StripeEmulator = await startStripeEmulator();
  return { name: "emulator", stripe: client(emulator.port), close: () => emulator.close() };
}

/** stripe-stateful-mock in-process on loopback (its autostart binds every interface). */
export async function startMockTarget(): Promise<Target> {
  const require = createRequire(import.meta.url);
  const mock = require("stripe-stateful-mock") as { createExpressApp(): RequestListener };
  const mockRequire = createRequire(require.resolve("stripe-stateful-mock"));
  (mockRequire("loglevel") as { setLevel(level: string): void }).setLevel("silent");
  const server: Server = createServer(mock.createExpressApp());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    name: "stripe-stateful-mock",
    stripe: client(port),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
