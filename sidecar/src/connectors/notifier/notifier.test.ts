import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LogAndWebhookNotifier } from "./notifier.js";

describe("LogAndWebhookNotifier", () => {
  let server: Server;
  let base: string;
  let answerStatus = 204;
  const received: { path: string; body: Record<string, unknown> }[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  const alert = {
    severity: "critical",
    code: "erp.unreachable",
    message: "ERP down",
    context: { orderId: 7 },
  } as const;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(body) });
        res.statusCode = answerStatus;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    lines.length = 0;
    answerStatus = 204;
  });

  it("logs the alert at its severity and POSTs it as JSON with the time and the service", async () => {
    await new LogAndWebhookNotifier(logger, `${base}/hooks/s3cret-path`).alert(alert);
    expect(lines).toMatchObject([{ level: 50, alert: "erp.unreachable", orderId: 7, msg: "ERP down" }]);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/hooks/s3cret-path");
    expect(received[0]!.body).toMatchObject({ ...alert, service: "nop-stripe-sidecar" });
    expect(Date.parse(String(received[0]!.body.at))).not.toBeNaN();
  });

  it("logs a refused alert with its status, never the URL, and does not throw", async () => {
    answerStatus = 500;
    await new LogAndWebhookNotifier(logger, `${base}/hooks/s3cret-path`).alert({ ...alert, severity: "warning" });
    expect(lines.map((l) => l.msg)).toEqual(["ERP down", "alert webhook refused the alert"]);
    expect(lines[1]).toMatchObject({ status: 500, alert: "erp.unreachable" });
    expect(JSON.stringify(lines)).not.toContain("s3cret-path");
  });

  it("logs an unreachable alert webhook and does not throw", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await new LogAndWebhookNotifier(logger, `http://127.0.0.1:${port}/hooks/s3cret-path`).alert(alert);
    expect(lines[1]).toMatchObject({ msg: "alert webhook unreachable", alert: "erp.unreachable" });
    expect(String(lines[1]!.err)).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(lines)).not.toContain("s3cret-path");
  });

  it("only logs when no URL is configured", async () => {
    await new LogAndWebhookNotifier(logger).alert(alert);
    expect(lines).toHaveLength(1);
    expect(received).toEqual([]);
  });
});
