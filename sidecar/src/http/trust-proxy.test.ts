import { describe, expect, it } from "vitest";
import { parseTrustProxy } from "./trust-proxy.js";

describe("parseTrustProxy", () => {
  it.each([
    ["loopback", ["loopback"]],
    ["none", 0],
    ["2", 2],
    ["loopback, 10.0.0.0/8, 192.168.1.7, fd00::/8, ::1", ["loopback", "10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"]],
  ])("reads %s", (raw, value) => {
    expect(parseTrustProxy(raw)).toEqual({ ok: true, value });
  });

  it.each(["true", "ALL", "*"])("refuses %s: every client could pick its own address", (raw) => {
    expect(parseTrustProxy(raw)).toMatchObject({ ok: false, error: expect.stringContaining("any client") });
  });

  it.each(["10.0.0.0/33", "proxy.internal", "10.0.0.1/", "", "1.2.3"])("refuses %j, naming it", (raw) => {
    const result = parseTrustProxy(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/is not none, a hop count/);
  });
});
