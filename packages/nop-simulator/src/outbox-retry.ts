/** How the plugin's outbox retries a delivery the sidecar did not take, as the simulator plays it. */
export type RetryPolicy = Readonly<Record<"maxAttempts" | "baseDelayMs" | "maxDelayMs", number>>;

/** Doubling from `baseDelayMs` up to `maxDelayMs`, each wait between half of that and all of it. */
export const retryDelayMs = (policy: RetryPolicy, failedAttempt: number, random = Math.random) =>
  Math.round((Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1)) * (1 + random())) / 2);
