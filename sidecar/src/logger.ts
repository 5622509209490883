import { pino } from "pino";

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

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    base: { service: "nop-stripe-sidecar" },
  });
}
