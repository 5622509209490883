import type { RejectReason } from "../observability/metrics.js";

export type Verified<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; message: string };

export const reject = (reason: RejectReason, message: string): Verified<never> => ({ ok: false, reason, message });

/** Both directions: an old delivery may be a replay; a future one is forged or from a badly wrong clock. */
export function timestampProblem(
  timestampSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): string | undefined {
  if (!Number.isSafeInteger(timestampSeconds)) return "timestamp is not an integer number of seconds";
  const skew = nowMs / 1000 - timestampSeconds;
  if (skew > toleranceSeconds) return `timestamp is ${Math.round(skew)} s old; the limit is ${toleranceSeconds} s`;
  if (-skew > toleranceSeconds)
    return `timestamp is ${Math.round(-skew)} s in the future; the limit is ${toleranceSeconds} s`;
  return undefined;
}
