// Rate limits of the HTTP edge on every backend: per client address and per bearer token (429, Retry-After,
// JSON body), a separate generous budget for /healthz and /readyz, and on the signed routes a budget of refusals
// only, so that junk from an address is limited while every validly signed event from it is stored. On
// PostgreSQL+Redis the counts live in Redis and are shared by every web process. Each test stands for its own
// client address (X-Forwarded-For from the loopback test client), so the budgets of one test never touch another's.
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, createTestToken } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { bridgeEnvelope, bridgeHeaders } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { type Answer, from, graphqlPost, send, stripeDelivery } from "./hardening-support.js";

const limits = {
  RATE_LIMIT_PER_IP: "12",
  RATE_LIMIT_PER_TOKEN: "4",
  RATE_LIMIT_HEALTH_PER_IP: "20",
  RATE_LIMIT_REFUSALS_PER_IP: "5",
};

function expectTooMany(answer: Answer, shape: "graphql" | "json", who = "this address") {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  const message = `too many requests from ${who}; retry in ${retryAfter} s`;
  expect(answer.body).toEqual(
    shape === "graphql"
      ? { errors: [{ message, extensions: { code: "RATE_LIMITED" } }] }
      : { error: { reason: "rate_limited", message } },
  );
}

/** Signs like Stripe, with a secret the sidecar does not have. */
const forged = "whsec_not_the_endpoint_secret";

const times = <T>(n: number, run: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => run(i)));

describe.each(backends)("rate limits on $name", (backend) => {
  let t: Awaited<ReturnType<typeof startTestSidecar>>;
  const queueHealth = { query: "{ queueHealth { backend } }" };

  beforeAll(async () => {
    t = await startTestSidecar(backend, limits, { workers: false });
  });
  afterAll(() => t?.close());

  const anonymousGraphql = (address: string) =>
    send(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...from(address) },
      body: JSON.stringify(queueHealth),
    });

  it("refuses an address's 13th request to /graphql with 429, Retry-After and a GraphQL error; others go on", async () => {
    const address = "203.0.113.1";
    // Counted before authentication: requests without a token spend the address's budget too.
    const first = await times(12, () => anonymousGraphql(address));
    expect(first.map((a) => a.status)).toEqual(Array(12).fill(401));
    expectTooMany(await anonymousGraphql(address), "graphql");
    // The same budget covers /metrics and unknown paths, answered in the edge's JSON shape.
    expectTooMany(await send(`${t.url}/metrics`, { headers: { ...from(address), ...bearer(t.adminToken) } }), "json");
    expectTooMany(await send(`${t.url}/no-such-route`, { headers: from(address) }), "json");

    expect((await anonymousGraphql("203.0.113.2")).status).toBe(401);
  });

  it("counts /graphql however its path is spelled, a signature header making no difference", async () => {
    const address = "203.0.113.7";
    const spelled = (path: string) =>
      send(`${t.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=0", ...from(address) },
        body: JSON.stringify(queueHealth),
      });
    const first = await times(12, (i) => spelled(["/GraphQL", "/graphql/", "/GRAPHQL/"][i % 3]!));
    expect(first.map((a) => a.status)).toEqual(Array(12).fill(401));
    expectTooMany(await spelled("/Graphql"), "graphql");
  });

  it("keeps one budget per token, keyed by its hash, on top of the address's", async () => {
    const address = "203.0.113.3";
    const other = await createTestToken(t.sidecar, "read_only");
    const asAdmin = () => graphqlPost(t.url, t.adminToken, queueHealth, from(address));
    const passed = await times(4, asAdmin);
    expect(passed.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expectTooMany(await asAdmin(), "graphql", "this token");
    // Another token from the same address has a budget of its own.
    const second = await graphqlPost(t.url, other, queueHealth, from(address));
    expect(second.status).toBe(200);
    expect(second.body.data.queueHealth.backend).toBeTypeOf("string");
  });

  it("gives /healthz and /readyz a budget of their own", async () => {
    const address = "203.0.113.4";
    await times(12, () => send(`${t.url}/no-such-route`, { headers: from(address) }));
    expectTooMany(await anonymousGraphql(address), "graphql");

    const probes = await times(20, (i) => send(`${t.url}/${i % 2 ? "healthz" : "readyz"}`, { headers: from(address) }));
    expect(probes.map((a) => a.status)).toEqual(Array(20).fill(200));
    expectTooMany(await send(`${t.url}/healthz`, { headers: from(address) }), "json");
  });

  describe("signed routes", () => {
    const storedEvents = (eventIds: string[]) =>
      t.sidecar.db.prisma.inboxEvent.count({ where: { source: "stripe", eventId: { in: eventIds } } });

    it("stores every validly signed event from an address whose junk is being refused with 429", async () => {
      const address = "198.51.100.1";
      const junk = () => stripeDelivery(t.url, from(address), forged).answer;

      const refused = [];
      for (let i = 0; i < 5; i++) refused.push(await junk());
      expect(refused.map((a) => [a.status, a.body.error.reason])).toEqual(Array(5).fill([400, "bad_signature"]));
      const limited = await junk();
      expect(limited.status).toBe(429);
      expect(limited.body.error.reason).toBe("rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

      // Valid deliveries interleaved with more junk, all from the limited address.
      const deliveries = await times(30, async (i) => {
        if (i % 3 === 2) return { eventId: undefined, answer: await junk() };
        const { event, answer } = stripeDelivery(t.url, from(address));
        return { eventId: event.id, answer: await answer };
      });
      const valid = deliveries.filter((d) => d.eventId !== undefined);
      expect(valid.map((d) => d.answer.status)).toEqual(Array(20).fill(200));
      expect(valid.every((d) => d.answer.body.received === true && d.answer.body.duplicate === false)).toBe(true);
      expect(deliveries.filter((d) => !d.eventId).map((d) => d.answer.status)).toEqual(Array(10).fill(429));
      expect(await storedEvents(valid.map((d) => d.eventId!))).toBe(20);

      // The bridge's signed events pass the same way.
      const envelope = bridgeEnvelope();
      const body = JSON.stringify(envelope);
      const bridged = await send(`${t.url}/bridge/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bridgeHeaders(envelope.id, body), ...from(address) },
        body,
      });
      expect(bridged.status).toBe(200);
      expect(bridged.body.received).toBe(true);
    });

    it("never spends the refusal budget on valid events", async () => {
      const address = "198.51.100.2";
      const sent = await times(25, async () => {
        const { event, answer } = stripeDelivery(t.url, from(address));
        return { id: event.id, status: (await answer).status };
      });
      expect(sent.map((s) => s.status)).toEqual(Array(25).fill(200));
      expect(await storedEvents(sent.map((s) => s.id))).toBe(25);
      const junk = await stripeDelivery(t.url, from(address), forged).answer;
      expect(junk.status).toBe(400);
    });

    it("limits requests without any signature per address, before reading them", async () => {
      const address = "198.51.100.3";
      const unsigned = () => send(`${t.url}/webhooks/stripe`, { method: "POST", headers: from(address), body: "{}" });
      const first = await times(12, unsigned);
      expect(first.map((a) => a.status)).toEqual(Array(12).fill(400));
      expectTooMany(await unsigned(), "json");
      // A signed delivery from that address is still stored.
      const { answer } = stripeDelivery(t.url, from(address));
      expect((await answer).status).toBe(200);
    });
  });

  describe("several web processes", () => {
    let second: TestSidecar;
    beforeAll(async () => {
      second = await startTestSidecar(backend, limits, { workers: false, shareWith: t.isolated });
    });
    afterAll(() => second?.close());

    it(
      backend.name === "postgres+redis"
        ? "share one budget through Redis"
        : "count on their own without Redis (one process in the embedded mode)",
      async () => {
        const address = "203.0.113.5";
        const to = (url: string) =>
          send(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...from(address) },
            body: "{}",
          });
        await times(6, () => to(t.url));
        await times(6, () => to(second.url));
        const next = [await to(t.url), await to(second.url)];
        if (backend.name === "postgres+redis") for (const answer of next) expectTooMany(answer, "graphql");
        else expect(next.map((a) => a.status)).toEqual([401, 401]);
      },
    );

    if (backend.name === "postgres+redis")
      it("keeps a hash of each token in Redis, never the token", async () => {
        const token = await createTestToken(t.sidecar, "read_only");
        expect((await graphqlPost(second.url, token, queueHealth, from("203.0.113.6"))).status).toBe(200);
        const redis = new Redis(process.env.REDIS_URL!);
        try {
          const keys = await redis.keys(`sidecar-rate:${t.sidecar.config.QUEUE_NAME}:*`);
          expect(keys).toContain(
            `sidecar-rate:${t.sidecar.config.QUEUE_NAME}:token:${createHash("sha256").update(token).digest("base64url")}`,
          );
          expect(keys.some((key) => key.includes(token) || key.includes(token.slice(4, 20)))).toBe(false);
        } finally {
          redis.disconnect();
        }
      });
  });
});
