import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";
import { scheduleTable } from "../../sidecar/src/jobs/retry-policy.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("the README's retry schedule", () => {
  it("is the schedule of the default settings, as `sidecar retry-schedule` prints it", () => {
    const config = loadConfig({});
    const table = scheduleTable({
      maxAttempts: config.JOB_MAX_ATTEMPTS,
      baseDelayMs: config.JOB_BACKOFF_BASE_MS,
      maxDelayMs: config.JOB_BACKOFF_MAX_MS,
    });
    const documented = /<!-- retry-schedule:default -->\n([\s\S]*?)\n<!-- \/retry-schedule:default -->/.exec(readme);
    expect(documented?.[1]).toBe(table);
  });
});
