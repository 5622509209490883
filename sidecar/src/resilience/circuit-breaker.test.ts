import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.js";

const options = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 4000, probeTimeoutMs: 10_000 };

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures, and a success in between starts the count again", () => {
    const breaker = new CircuitBreaker(options);
    expect(breaker.failure(0)).toBeUndefined();
    expect(breaker.failure(0)).toBeUndefined();
    breaker.success();
    expect(breaker.failure(0)).toBeUndefined();
    expect(breaker.failure(0)).toBeUndefined();
    expect(breaker.failure(0)).toBe("opened");
    expect(breaker.admit(500)).toBe(false);
  });

  it("lets one probe through after the cooldown; its success closes the breaker", () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.failure(0);
    expect(breaker.admit(1000)).toBe(true);
    expect(breaker.current).toBe("half-open");
    expect(breaker.admit(1001)).toBe(false); // one probe at a time
    expect(breaker.success()).toBe("closed");
    expect(breaker.admit(1002)).toBe(true);
  });

  it("waits twice as long after each failed probe, up to the cap, and ignores late failures while open", () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.failure(0);
    expect(breaker.failure(10)).toBeUndefined(); // a call already under way: nothing changes
    expect(breaker.nextProbeAt()).toBe(1000);
    let now = 1000;
    for (const wait of [2000, 4000, 4000]) {
      expect(breaker.admit(now)).toBe(true);
      breaker.failure(now);
      expect(breaker.nextProbeAt()).toBe(now + wait);
      now += wait;
    }
  });

  it("lets another probe go when one never reports", () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.failure(0);
    expect(breaker.admit(1000)).toBe(true);
    expect(breaker.admit(5000)).toBe(false);
    expect(breaker.admit(11_001)).toBe(true);
  });
});
