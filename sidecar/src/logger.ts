import { pino } from "pino";
import { knownSecrets } from "./vault/known-secrets.js";

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
export const redactedPaths = [
  "*.secret",
  "*.secrets",
  "*.password",
  "*.apiKey",
  "*.token",
  "*.authorization",
  "*.stripeSecretKey",
  "*.STRIPE_SECRET_KEY",
  "*.STRIPE_WEBHOOK_SECRETS",
  "*.BRIDGE_SECRETS",
  "*.DATABASE_URL",
  "*.REDIS_URL",
  "req.headers.authorization",
  'req.headers["stripe-signature"]',
  'req.headers["webhook-signature"]',
];

export type Logger = pino.Logger;

/**
 * Lines go to `destination` with every secret the process holds scrubbed out, wherever in the line it is (the
 * redacted paths above cover the fields we know of; a message or an upstream error quoting a secret is not one).
 */
export function scrubbing(destination: pino.DestinationStream): pino.DestinationStream {
  return { write: (line: string) => destination.write(knownSecrets.scrub(line)) };
}

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(1)): Logger {
  return pino(
    { level, redact: { paths: redactedPaths, censor: "[redacted]" }, base: { service: "nop-stripe-sidecar" } },
    scrubbing(destination),
  );
}
