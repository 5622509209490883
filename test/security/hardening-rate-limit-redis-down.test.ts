// The edge rate limiter configured for Redis while Redis cannot be reached (nothing listens on the port): valid
// signed deliveries all pass, and the limits stay in force, counted in this process's memory, rather than
// vanishing or refusing everyone. Tested on the module with stand-in routes: a sidecar cannot run its queue
// without the Redis it was given. Independent of the storage backend.
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEdgeRateLimiter, type EdgeRateLimiter } from "../../sidecar/src/http/rate-limit.js";
import { redisLimiterStore } from "../../sidecar/src/http/rate-limit-store.js";
import { send } from "./hardening-support.js";

describe("rate limits while Redis is unreachable", () => {
  let limiter: EdgeRateLimiter;
  let url: string;
  let server: ReturnType<express.Express["listen"]>;

  beforeAll(async () => {
    const logger = pino({ level: "silent" });
    // Port 1 on loopback: connection refused at once, and ioredis keeps retrying in the background.
    const store = redisLimiterStore("redis://127.0.0.1:1", "sidecar-rate:redis-down-test", logger);
    limiter = createEdgeRateLimiter(
      { windowSeconds: 60, perIp: 3, perToken: 100, healthPerIp: 100, refusalsPerIp: 2 },
      store,
      logger,
    );
    const app = express();
    app.use(limiter.middleware);
    // Stand-ins: a signed route that accepts the one valid signature, and an API route.
    app.post("/webhooks/stripe", (req, res) => {
      if (req.headers["stripe-signature"] === "valid") return void res.json({ received: true });
      res.status(400).json({ error: { reason: "bad_signature", message: "no valid signature" } });
    });
    app.get("/metrics", (_req, res) => void res.json({ ok: true }));
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await limiter?.close();
  });

  const delivery = (signature: string) =>
    send(`${url}/webhooks/stripe`, { method: "POST", headers: { "stripe-signature": signature }, body: "{}" });

  it("is configured for Redis", () => {
    expect(limiter.store).toBe("redis");
  });

  it("lets every valid delivery through and limits junk in memory", async () => {
    const junk = [await delivery("forged"), await delivery("forged"), await delivery("forged")];
    expect(junk.map((a) => a.status)).toEqual([400, 400, 429]);
    const valid = await Promise.all(Array.from({ length: 20 }, () => delivery("valid")));
    expect(valid.map((a) => a.status)).toEqual(Array(20).fill(200));
  });

  it("keeps the per-address limit of the other routes, counted in memory", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(`${url}/metrics`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]!.body.error.reason).toBe("rate_limited");
  });
});
