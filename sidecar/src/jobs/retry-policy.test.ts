import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./retry-policy.js";

const policy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };

describe("retryDelayMs", () => {
  it("doubles per failed attempt, between half and all of the exponential delay", () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 3, () => 0)).toBe(2000);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(4000);
  });

  it("is capped", () => {
    expect(retryDelayMs(policy, 30, () => 1)).toBe(60_000);
    expect(retryDelayMs(policy, 30, () => 0)).toBe(30_000);
  });

  it("spreads simultaneous retries apart", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(policy, 4)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});
