import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { retentionPolicies } from "./retention-policies.js";

const DAY = 86_400_000;

describe("retention settings", () => {
  it("keeps finished events 30 days, failures 14, closed dead letters 90, the audit log 400, by default", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      RETENTION_INBOX: 30 * DAY,
      RETENTION_JOB_FAILURES: 14 * DAY,
      RETENTION_DEAD_LETTERS: 90 * DAY,
      RETENTION_AUDIT: 400 * DAY,
      DEDUP_WINDOW: 4 * DAY,
      PRUNE_INTERVAL: 3_600_000,
      PRUNE_BATCH: 500,
    });
    expect(config.PRUNE_EXPORT_DIR).toBeUndefined();
  });

  it("reads s, m, h, d and bare seconds; 0 and off keep a table forever", () => {
    const config = loadConfig({
      RETENTION_INBOX: "36h",
      RETENTION_JOB_FAILURES: "0",
      RETENTION_DEAD_LETTERS: "off",
      RETENTION_AUDIT: "90m",
      DEDUP_WINDOW: "45s",
      PRUNE_INTERVAL: "120",
    });
    expect(config).toMatchObject({
      RETENTION_INBOX: 36 * 3_600_000,
      RETENTION_JOB_FAILURES: null,
      RETENTION_DEAD_LETTERS: null,
      RETENTION_AUDIT: 90 * 60_000,
      DEDUP_WINDOW: 45_000,
      PRUNE_INTERVAL: 120_000,
    });
    expect(retentionPolicies(config).map((p) => p.name)).toEqual(["inbox", "audit"]);
  });

  it("refuses a value that is not a duration with one line naming the setting", () => {
    expect(() => loadConfig({ RETENTION_INBOX: "30 days" })).toThrow(
      'invalid setting RETENTION_INBOX: must be a duration such as 30d, 12h, 90m or 45s (at most 3650d), or 0 or off to keep forever, not "30 days"',
    );
    expect(() => loadConfig({ PRUNE_INTERVAL: "0" })).toThrow(
      'invalid setting PRUNE_INTERVAL: must be a duration such as 30d, 12h, 90m or 45s (at most 3650d), not "0"',
    );
    expect(() => loadConfig({ DEDUP_WINDOW: "off" })).toThrow(/^invalid setting DEDUP_WINDOW: /);
    expect(() => loadConfig({ PRUNE_BATCH: "0" })).toThrow(/^invalid setting PRUNE_BATCH: /);
  });

  it("never prunes an inbox event younger than the deduplication window, whatever RETENTION_INBOX says", () => {
    const [inbox] = retentionPolicies(loadConfig({ RETENTION_INBOX: "1h", DEDUP_WINDOW: "4d" }));
    expect(inbox).toMatchObject({ name: "inbox", keepMs: 4 * DAY });
  });
});
