import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../sidecar/src/auth/actor.js";
import { loadConfig } from "../sidecar/src/config.js";
import { redactedPaths } from "../sidecar/src/logger.js";
import { graphqlLimits } from "./hardening.js";
import type { BaseContext } from "./request-context.js";
import { createGraphqlHandler } from "./yoga.js";

// Yoga's own logging (the unexpected errors it masks) goes through the app's pino logger, never the console.

const admin: Actor = { tokenId: "t1", name: "test admin", role: "admin", storeIds: [], origin: "127.0.0.1" };

/** A context whose queue fails the way a broken dependency would: an Error carrying a credential. */
const failingQueue = {
  queue: {
    backend: "test",
    counts: () => Promise.reject(Object.assign(new Error("queue unreachable"), { authorization: "Bearer nss_LEAK" })),
  },
  prisma: {
    deadLetter: { count: async () => 0 },
    inboxEvent: { count: async () => 0, findFirst: async () => null },
    parkedJob: { count: async () => 0 },
  },
} as unknown as BaseContext;

describe("Yoga's log lines", () => {
  const lines: string[] = [];
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: "debug", redact: { paths: redactedPaths, censor: "[redacted]" } }, capture);
    const app = express().use(
      "/graphql",
      (_req, res, next) => {
        res.locals.actor = admin;
        next();
      },
      createGraphqlHandler({
        context: failingQueue,
        graphiql: false,
        limits: graphqlLimits(loadConfig({ NODE_ENV: "test" })),
        logger,
      }),
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => server.close();
  });
  afterAll(() => close?.());
  afterEach(() => vi.restoreAllMocks());

  it("write an unexpected resolver error as one redacted pino JSON line, and nothing on the console", async () => {
    const consoleCalls = (["log", "info", "debug", "warn", "error"] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");

    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ queueHealth { backend waiting } }" }),
    });
    const answer = await res.json();
    expect(answer.errors).toEqual([
      expect.objectContaining({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }),
    ]);

    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        component: "graphql",
        msg: "queue unreachable",
        path: ["queueHealth"],
        err: expect.objectContaining({ type: "Error", message: "queue unreachable", authorization: "[redacted]" }),
      }),
    ]);
    expect(logged[0].err.stack).toContain("queue unreachable");
    expect(lines.join("")).not.toContain("nss_LEAK");
    for (const spy of [...consoleCalls, stdout, stderr]) expect(spy).not.toHaveBeenCalled();
  });
});
