import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ReportApiRefusal } from "../observability/refusal-reports.js";
import { limitRefusals } from "./rate-limit-refusals.js";
import { type RefusalShape, tooManyRequests } from "./rate-limit-response.js";
import { type LimiterStore, memoryLimiterStore, redisLimiterStore } from "./rate-limit-store.js";

export interface RateLimitSettings {
  windowSeconds: number;
  perIp: number;
  perToken: number;
  healthPerIp: number;
  refusalsPerIp: number;
}

export const rateLimitSettings = (config: Config): RateLimitSettings => ({
  windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
  perIp: config.RATE_LIMIT_PER_IP,
  perToken: config.RATE_LIMIT_PER_TOKEN,
  healthPerIp: config.RATE_LIMIT_HEALTH_PER_IP,
  refusalsPerIp: config.RATE_LIMIT_REFUSALS_PER_IP,
});

const healthPaths = new Set(["/healthz", "/readyz"]);
const apiPaths = new Set(["/graphql", "/metrics"]);
/** As Express routes: case-insensitive, a trailing slash allowed, /graphql mounted with everything below it. */
const routeOf = (req: Request) => {
  const path = req.path.toLowerCase().replace(/\/+$/, "");
  return path.startsWith("/graphql/") ? "/graphql" : path;
};
/** Headers only a signed sender (Stripe; Standard Webhooks: the bridge, the WMS) sends. */
const signatureHeaders = ["stripe-signature", "webhook-signature"];
const bearer = /^Bearer +(\S+) *$/i;

/** The token itself never becomes a key (keys are visible in Redis): a hash of it does. */
const tokenKey = (token: string) => createHash("sha256").update(token).digest("base64url");

const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? "unknown";

interface Budget {
  limiter: RateLimiterAbstract;
  key: string;
  /** Named in the 429 message: "too many requests from this token". */
  who: string;
}

export interface EdgeRateLimiter {
  middleware: RequestHandler;
  store: LimiterStore["kind"];
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Rate limits of the whole HTTP edge, mounted before every route:
 * - /healthz, /readyz: a generous budget per address (probes poll them);
 * - a request carrying a signature header, on any other route: only its refusals count (rate-limit-refusals.ts);
 * - everything else (/graphql, /metrics, unsigned requests, unknown paths): a budget per address and, when it
 *   presents a bearer token, one per token as well, checked before authentication so guessing is limited too.
 * Counts are shared through Redis when REDIS_URL is set (several web processes), else kept in memory.
 */
export function createEdgeRateLimiter(
  settings: RateLimitSettings,
  store: LimiterStore,
  logger: Logger,
  reportRefusal?: ReportApiRefusal,
): EdgeRateLimiter {
  const durationSeconds = settings.windowSeconds;
  const perIp = store.limiter({ name: "ip", points: settings.perIp, durationSeconds });
  const perToken = store.limiter({ name: "token", points: settings.perToken, durationSeconds });
  const healthLimiter = store.limiter({ name: "health", points: settings.healthPerIp, durationSeconds });
  const refusals = limitRefusals(
    store.limiter({ name: "refusals", points: settings.refusalsPerIp, durationSeconds }),
    logger,
  );

  /** Each budget in turn; the first one spent refuses. A failing limiter lets the request through. */
  const firstSpent = async (budgets: Budget[]) => {
    for (const budget of budgets) {
      try {
        await budget.limiter.consume(budget.key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { msBeforeNext: rejection.msBeforeNext, who: budget.who };
        logger.warn({ err: (rejection as Error).message }, "rate limiter failed; request let through");
        return undefined;
      }
    }
    return undefined;
  };

  const middleware: RequestHandler = async (req, res, next) => {
    const address = clientAddress(req);
    const route = routeOf(req);
    const health = healthPaths.has(route);
    if (!health && !apiPaths.has(route) && signatureHeaders.some((name) => req.headers[name] !== undefined))
      return refusals(res, next, address);

    const budgets: Budget[] = [{ limiter: health ? healthLimiter : perIp, key: address, who: "this address" }];
    const token = bearer.exec(req.headers.authorization ?? "")?.[1];
    if (token && !health) budgets.push({ limiter: perToken, key: tokenKey(token), who: "this token" });

    const spent = await firstSpent(budgets);
    if (!spent) return next();
    const shape: RefusalShape = route === "/graphql" ? "graphql" : "json";
    const what = `too many requests from ${spent.who}`;
    reportRefusal?.(route, "rate_limited", address, what);
    tooManyRequests(res, shape, spent.msBeforeNext, what);
  };

  return { middleware, store: store.kind, ready: () => store.ready(), close: () => store.close() };
}

/** Redis when the sidecar has one (counts shared by every web process), otherwise this process's memory. */
export function edgeRateLimiterFor(config: Config, logger: Logger, reportRefusal?: ReportApiRefusal): EdgeRateLimiter {
  const prefix = `sidecar-rate:${config.QUEUE_NAME}`;
  const store = config.REDIS_URL ? redisLimiterStore(config.REDIS_URL, prefix, logger) : memoryLimiterStore(prefix);
  return createEdgeRateLimiter(rateLimitSettings(config), store, logger, reportRefusal);
}
