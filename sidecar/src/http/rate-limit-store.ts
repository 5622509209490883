import { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { Logger } from "../logger.js";

export interface Bucket {
  name: string;
  points: number;
  durationSeconds: number;
}

/** Where request counts live. */
export interface LimiterStore {
  readonly kind: "redis" | "memory";
  limiter(bucket: Bucket): RateLimiterAbstract;
  /** Resolves once counts go where they should (or the store gave up waiting): before serving requests. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const memoryLimiter = (bucket: Bucket, keyPrefix: string) =>
  new RateLimiterMemory({ keyPrefix, points: bucket.points, duration: bucket.durationSeconds });

/** One process (the embedded mode, or no Redis): counts in memory. */
export function memoryLimiterStore(prefix: string): LimiterStore {
  return {
    kind: "memory",
    limiter: (bucket) => memoryLimiter(bucket, `${prefix}:${bucket.name}`),
    ready: async () => {},
    close: async () => {},
  };
}

/**
 * Counts in Redis, so every web process shares them. While Redis is unreachable each limiter falls back at once
 * (no queued commands, no waiting) to counting in this process's memory: limits stay in force per process
 * rather than vanishing or refusing everyone.
 */
export function redisLimiterStore(
  redisUrl: string,
  prefix: string,
  logger: Logger,
  readyTimeoutMs = 2_000,
): LimiterStore {
  const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  // Counted in memory until connected; a start-up that waits for the connection avoids splitting the first counts.
  const connected = client.connect().catch(() => {});
  let reachable = true;
  client.on("error", (err) => {
    if (reachable) logger.warn({ err: err.message }, "rate limiter: Redis unreachable, counting per process");
    reachable = false;
  });
  client.on("ready", () => {
    if (!reachable) logger.info("rate limiter: Redis reachable again");
    reachable = true;
  });
  return {
    kind: "redis",
    limiter: (bucket) => {
      const keyPrefix = `${prefix}:${bucket.name}`;
      return new RateLimiterRedis({
        storeClient: client,
        keyPrefix,
        points: bucket.points,
        duration: bucket.durationSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memoryLimiter(bucket, keyPrefix),
      });
    },
    ready: () => Promise.race([connected, new Promise<void>((resolve) => setTimeout(resolve, readyTimeoutMs).unref())]),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
