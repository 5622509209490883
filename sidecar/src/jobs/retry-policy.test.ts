import { describe, expect, it } from "vitest";
import { parseRetryPolicyOverrides, resolveRetryPolicies, stripeRetryWindowMs } from "./retry-policies.js";
import { policyFor, retryDelayMs, retrySchedule, worstCaseSpanMs } from "./retry-policy.js";

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

describe("the retry schedule", () => {
  const defaults = { maxAttempts: 36, baseDelayMs: 1000, maxDelayMs: 3_600_000 };

  it("outlasts an outage of hours by default: 35 waits, the last ones an hour, 12 to 24 hours in all", () => {
    const rows = retrySchedule(defaults);
    expect(rows).toHaveLength(35);
    expect(rows[0]!.delayMs).toEqual({ min: 500, max: 1000 });
    expect(rows.at(-1)!.delayMs).toEqual({ min: 1_800_000, max: 3_600_000 });
    expect(rows.at(-1)!.elapsedMs.max / 3_600_000).toBeCloseTo(24.1, 1);
    expect(rows.at(-1)!.elapsedMs.min / 3_600_000).toBeCloseTo(12.1, 1);
  });

  it("ends Stripe's retries inside its 24-hour idempotency window, whatever the default says", () => {
    const { systems } = resolveRetryPolicies(defaults, { erp: { maxAttempts: 60 } });
    expect(worstCaseSpanMs(systems.stripe!)).toBeLessThanOrEqual(stripeRetryWindowMs);
    expect(systems.stripe!.maxAttempts).toBe(31);
    expect(systems.erp).toEqual({ ...defaults, maxAttempts: 60 });
    expect(policyFor({ default: defaults, systems }, "wms")).toEqual(defaults);
  });

  it("refuses overrides it does not understand, naming the path", () => {
    expect(() => parseRetryPolicyOverrides({ erp: { maxAttempts: 0 } })).toThrow(/erp\.maxAttempts/);
    expect(() => parseRetryPolicyOverrides({ erp: { attempts: 5 } })).toThrow(/erp/);
    expect(() => parseRetryPolicyOverrides({ ERP: {} })).toThrow(/at ERP/);
  });
});
