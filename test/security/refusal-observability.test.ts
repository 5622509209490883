// Every refusal at the edge leaves a trace an operator can see: a metric per reason and a log line (at most one
// a minute per kind, with the number held back), never the body or the token sent.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { from, send } from "./hardening-support.js";

describe.each(backends)("refusals are counted and logged on $name", (backend) => {
  let t: TestSidecar;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    t = await startTestSidecar(backend, { RATE_LIMIT_PER_IP: "3" }, { workers: false, logger: pino(capture) });
  });
  afterAll(() => t?.close());

  let metricsAddress = 100;
  const metric = async (name: string, labels: string) => {
    const text = (
      await send(`${t.url}/metrics`, {
        headers: { ...bearer(t.adminToken), ...from(`198.51.100.${metricsAddress++}`) },
      })
    ).body as string;
    const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
    return line ? Number(line.split(" ").at(-1)) : 0;
  };
  const logged = (msg: string) => lines.filter((l) => l.msg === msg);

  it("logs and counts a Stripe delivery refused as too large", async () => {
    const body = JSON.stringify({ id: "evt_big", padding: "x".repeat(1024 * 1024) });
    const answer = await send(`${t.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": stripeSignature(body) },
      body,
    });
    expect(answer.status).toBe(413);
    expect(await metric("sidecar_events_rejected_total", 'source="stripe",reason="too_large"')).toBe(1);
    expect(logged("stripe event refused: body larger than 1048576 bytes")).toEqual([
      expect.objectContaining({ level: 40, source: "stripe", reason: "too_large", status: 413, heldBack: 0 }),
    ]);
  });

  it("logs and counts GraphQL requests refused without a valid token, never logging the token", async () => {
    const presented = "nss_notarealtoken_notarealtoken_notarealtoken0";
    for (const headers of [{}, bearer(presented)])
      expect(
        (
          await send(`${t.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers, ...from("198.51.100.1") },
            body: JSON.stringify({ query: "{ queueHealth { backend } }" }),
          })
        ).status,
      ).toBe(401);
    expect(await metric("sidecar_api_requests_refused_total", 'route="/graphql",reason="unauthenticated"')).toBe(2);
    const [line, ...more] = lines.filter((l) => l.reason === "unauthenticated");
    expect(line).toMatchObject({ level: 40, route: "/graphql", address: "198.51.100.1" });
    expect(String(line?.msg)).toMatch(/^\/graphql request refused: authentication required/);
    expect(more).toEqual([]); // the second within the minute is held back, and counted in the next line
    expect(JSON.stringify(lines)).not.toContain(presented);
  });

  it("logs and counts GraphQL requests refused by the rate limit", async () => {
    const ask = () =>
      send(`${t.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer(t.adminToken), ...from("198.51.100.2") },
        body: JSON.stringify({ query: "{ queueHealth { backend } }" }),
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await metric("sidecar_api_requests_refused_total", 'route="/graphql",reason="rate_limited"')).toBe(2);
    expect(lines.filter((l) => l.reason === "rate_limited")).toEqual([
      expect.objectContaining({
        level: 40,
        route: "/graphql",
        address: "198.51.100.2",
        msg: "/graphql request refused: too many requests from this address",
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(t.adminToken);
  });
});
