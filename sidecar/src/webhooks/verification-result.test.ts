import { describe, expect, it } from "vitest";
import { timestampProblem } from "./verification-result.js";

describe("timestampProblem", () => {
  const now = 1_800_000_000_000;
  it("accepts timestamps within the window in both directions", () => {
    expect(timestampProblem(now / 1000 - 300, now, 300)).toBeUndefined();
    expect(timestampProblem(now / 1000 + 300, now, 300)).toBeUndefined();
  });
  it("refuses old and future timestamps, saying which", () => {
    expect(timestampProblem(now / 1000 - 301, now, 300)).toBe("timestamp is 301 s old; the limit is 300 s");
    expect(timestampProblem(now / 1000 + 301, now, 300)).toBe("timestamp is 301 s in the future; the limit is 300 s");
  });
  it("refuses a timestamp that is not a whole number", () => {
    expect(timestampProblem(Number.NaN, now, 300)).toMatch(/not an integer/);
    expect(timestampProblem(1.5, now, 300)).toMatch(/not an integer/);
  });
});
