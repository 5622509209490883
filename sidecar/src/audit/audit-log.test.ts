import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { knownSecrets } from "../vault/known-secrets.js";
import { AuditLog, withoutSecrets } from "./audit-log.js";

describe("withoutSecrets", () => {
  it("replaces secret-looking values at any depth and keeps the rest", () => {
    const detail = {
      kind: "stripe_webhook_secret",
      secret: "whsec_abc",
      nested: { apiKey: "sk_test_1", list: [{ token: "nss_x", storeId: 2 }] },
      overlapSeconds: 3600,
    };
    expect(withoutSecrets(detail)).toEqual({
      kind: "stripe_webhook_secret",
      secret: "[redacted]",
      nested: { apiKey: "[redacted]", list: [{ token: "[redacted]", storeId: 2 }] },
      overlapSeconds: 3600,
    });
  });

  it("replaces an API token or a known secret wherever it was pasted, whatever the field is called", () => {
    const token = `nss_${randomBytes(32).toString("base64url")}`;
    const secret = `sk_live_${randomBytes(16).toString("hex")}`;
    knownSecrets.add(secret);
    expect(withoutSecrets({ id: token, scope: `oops ${secret}`, ids: [token, "5d2f8a61"] })).toEqual({
      id: "[redacted]",
      scope: "oops [redacted]",
      ids: ["[redacted]", "5d2f8a61"],
    });
  });

  it("keeps dates as ISO strings, at any depth (JSON would store {})", () => {
    const at = new Date("2030-01-02T03:04:05.678Z");
    expect(withoutSecrets({ expiresAt: at, args: { until: [at] }, bad: new Date(Number.NaN) })).toEqual({
      expiresAt: "2030-01-02T03:04:05.678Z",
      args: { until: ["2030-01-02T03:04:05.678Z"] },
      bad: "Invalid Date",
    });
  });
});

describe("AuditLog.record", () => {
  const recorder = () => {
    const stored: Record<string, unknown>[] = [];
    const prisma = { auditEntry: { create: async ({ data }: { data: Record<string, unknown> }) => stored.push(data) } };
    return { log: new AuditLog(prisma as never), stored };
  };
  const actor = { id: "token:1", name: "reader", origin: "127.0.0.1" };

  it("keeps the start and the length of a long argument, not the argument (95 KB sent, under 1 KB audited)", async () => {
    const { log, stored } = recorder();
    const huge = "A".repeat(95_000);
    await log.record({
      actor,
      action: "graphql:createApiToken",
      target: huge,
      detail: { args: { name: huge, role: "admin", storeIds: Array.from({ length: 5000 }, (_, i) => i) } },
      outcome: "error",
      error: `not allowed ${huge}`,
    });
    const [entry] = stored;
    expect(JSON.stringify(entry).length).toBeLessThan(2048);
    const args = (entry!.detail as { args: { name: string; role: string; storeIds: unknown[] } }).args;
    expect(args.name).toBe(`${"A".repeat(64)}… (95000 characters)`);
    expect(args.role).toBe("admin");
    expect(args.storeIds).toHaveLength(21);
    expect(args.storeIds.at(-1)).toBe("… (5000 items)");
    expect(entry!.target).toBe(`${"A".repeat(64)}… (95000 characters)`);
    expect(String(entry!.error)).toMatch(/^not allowed A+… \(95012 characters\)$/);
  });

  it("removes secrets before shortening, and never cuts a surrogate pair in half", async () => {
    const { log, stored } = recorder();
    const token = `nss_${randomBytes(32).toString("base64url")}`;
    await log.record({
      actor,
      action: "graphql:revokeApiToken",
      detail: {
        args: { id: `${"x".repeat(50)}${token}.${"y".repeat(300)}`, note: `${"a".repeat(63)}😀${"b".repeat(300)}` },
      },
      outcome: "error",
    });
    const args = (stored[0]!.detail as { args: { id: string; note: string } }).args;
    expect(args.id).toBe(`${"x".repeat(50)}[redacted].${"y".repeat(3)}… (361 characters)`);
    expect(args.note).toBe(`${"a".repeat(63)}… (365 characters)`);
  });
});
