import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface HttpFetchInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last byte; on expiry the request fails with a TimeoutError. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A longer answer fails the request rather than filling memory. Default 16 MiB. */
  maxResponseBytes?: number;
}

/** The part of a fetch Response our callers read. */
export interface HttpFetchResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The fetch subset our HTTP connectors and simulators use; the global fetch fits it too (tests pass one). */
export type HttpFetch = (url: string, init: HttpFetchInit) => Promise<HttpFetchResponse>;

export class HttpTimeoutError extends Error {
  override readonly name = "TimeoutError";
  constructor(timeoutMs: number) {
    super(`timeout after ${timeoutMs} ms`);
  }
}

// Keep-alive pools shared by every caller in the process. Node closes an idle socket before the server's own
// Keep-Alive timeout, so a reused connection is not one the server is about to drop.
const agents = { "http:": new HttpAgent({ keepAlive: true }), "https:": new HttpsAgent({ keepAlive: true }) };

/**
 * A small fetch over node:http with keep-alive. The global fetch (undici) spends about five times the CPU per
 * request of a plain node:http exchange (measured: ~300 µs more per loopback request), and an order makes
 * a dozen such calls between the sidecar and the systems around it.
 */
export const httpFetch: HttpFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError(`unsupported protocol ${target.protocol}`));
    if (init.signal?.aborted) return reject(init.signal.reason);
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
    const req = send(target, { method: init.method, headers, agent });
    const timer =
      init.timeoutMs === undefined
        ? undefined
        : setTimeout(() => fail(new HttpTimeoutError(init.timeoutMs!)), init.timeoutMs);
    const onAbort = () => fail(init.signal?.reason ?? new Error("aborted"));
    init.signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      init.signal?.removeEventListener("abort", onAbort);
    };
    function fail(error: unknown) {
      settle();
      req.destroy();
      reject(error);
    }
    req.on("error", (error) => fail(withMessage(error)));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      const maxBytes = init.maxResponseBytes ?? 16 * 1024 * 1024;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) return fail(new Error(`answer longer than ${maxBytes} bytes`));
        chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("end", () => {
        settle();
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          headers: { get: (name) => headerValue(res.headers, name) },
          text: async () => text,
        });
      });
    });
    req.end(init.body);
  });

/**
 * Connecting to a name with both an IPv4 and an IPv6 address fails with an AggregateError whose own message is
 * empty; the connector errors and logs built on this message would then say nothing, so it names each attempt.
 */
export function withMessage(error: Error): Error {
  if (!(error instanceof AggregateError) || error.message) return error;
  const attempts = error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e)));
  return Object.assign(new Error(attempts.join("; ") || "connection failed", { cause: error }), {
    code: (error as NodeJS.ErrnoException).code,
  });
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
