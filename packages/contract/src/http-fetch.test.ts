import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpTimeoutError, httpFetch, withMessage } from "./http-fetch.js";

let server: Server;
let base: string;
const connections = new Set<number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    connections.add(req.socket.remotePort ?? 0);
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/slow") return setTimeout(() => res.end("late"), 500);
      res.setHeader("content-type", "application/json");
      res.setHeader("retry-after", "3");
      res.statusCode = req.url === "/missing" ? 404 : 200;
      res.end(
        JSON.stringify({
          method: req.method,
          body,
          auth: req.headers.authorization,
          length: req.headers["content-length"],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("httpFetch", () => {
  it("sends method, headers and a UTF-8 body with its byte length, and reads status, headers and text", async () => {
    const res = await httpFetch(`${base}/echo`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: '{"name":"Zoë"}',
    });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get("Retry-After")).toBe("3");
    expect(res.headers.get("x-absent")).toBeNull();
    expect(JSON.parse(await res.text())).toEqual({
      method: "POST",
      body: '{"name":"Zoë"}',
      auth: "Bearer k",
      length: "15",
    });
  });

  it("answers a 4xx as a response, not an error", async () => {
    const res = await httpFetch(`${base}/missing`, { method: "GET" });
    expect(res).toMatchObject({ status: 404, ok: false });
  });

  it("reuses one kept-alive connection for requests in sequence", async () => {
    connections.clear();
    for (let i = 0; i < 5; i++) await httpFetch(`${base}/echo`, { method: "GET" });
    expect(connections.size).toBe(1);
  });

  it("fails with a TimeoutError when the answer takes longer than timeoutMs", async () => {
    const started = Date.now();
    const error = await httpFetch(`${base}/slow`, { method: "GET", timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect((error as Error).message).toBe("timeout after 50 ms");
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("fails with the abort reason when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const pending = httpFetch(`${base}/slow`, { method: "GET", signal: controller.signal });
    controller.abort(new Error("shutting down"));
    await expect(pending).rejects.toThrow("shutting down");
  });

  it("fails with the network error when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(httpFetch(`http://127.0.0.1:${port}/`, { method: "GET" })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("fails rather than buffering an answer longer than maxResponseBytes", async () => {
    await expect(httpFetch(`${base}/echo`, { method: "GET", maxResponseBytes: 10 })).rejects.toThrow(
      "answer longer than 10 bytes",
    );
  });

  it("refuses a protocol it does not speak", async () => {
    await expect(httpFetch("ftp://example.com/x", { method: "GET" })).rejects.toThrow("unsupported protocol ftp:");
  });

  it("names each failed attempt when a dual-stack connect fails with an empty AggregateError", () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    const aggregate = Object.assign(new AggregateError([refused("::1:80"), refused("127.0.0.1:80")], ""), {
      code: "ECONNREFUSED",
    });
    const described = withMessage(aggregate) as NodeJS.ErrnoException;
    expect(described.message).toBe("connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80");
    expect(described.code).toBe("ECONNREFUSED");
    expect(described.cause).toBe(aggregate);
    const plain = refused("127.0.0.1:80");
    expect(withMessage(plain)).toBe(plain);
  });
});
