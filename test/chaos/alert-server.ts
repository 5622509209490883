// Where the sidecar's ALERT_WEBHOOK_URL points during the chaos: counts the alerts it receives, by code.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface AlertCounter {
  url: string;
  /** Alerts received since the last reset, by code. */
  counts(): Record<string, number>;
  /** When the first alert with this code arrived since the last reset, if one did. */
  firstAt(code: (c: string) => boolean): number | undefined;
  reset(): void;
  close(): Promise<void>;
}

export async function startAlertCounter(): Promise<AlertCounter> {
  let received: { code: string; at: number }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      try {
        received.push({ code: String((JSON.parse(body) as { code?: unknown }).code), at: Date.now() });
      } catch {
        received.push({ code: "(unparsable)", at: Date.now() });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    counts: () => {
      const counts: Record<string, number> = {};
      for (const { code } of received) counts[code] = (counts[code] ?? 0) + 1;
      return counts;
    },
    firstAt: (code) => received.find((r) => code(r.code))?.at,
    reset: () => {
      received = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
