import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { refreshAvailability } from "./balance-transactions.js";
import { API_VERSION, type EmulatorContext } from "./context.js";
import { internalError, invalidRequest, StripeApiError, unrecognizedUrl } from "./errors.js";
import { applyExpand, type VirtualFields } from "./expand.js";
import type { FaultInjector } from "./faults.js";
import { decodeForm, type ParamObject, type ParamValue } from "./form-decoding.js";
import { isReplayable } from "./idempotency.js";
import { randomToken } from "./ids.js";
import type { EmulatorLogger } from "./logger.js";
import { expandPaths } from "./params.js";
import type { Router } from "./router.js";

/** A control-API answer that redirects the browser (3-D Secure completion pages). */
export class Redirect {
  constructor(readonly location: string) {}
}

export interface ServerDeps {
  ctx: EmulatorContext;
  api: Router;
  control: Router;
  virtualFields: VirtualFields;
  faults: FaultInjector;
  logger: EmulatorLogger;
  /** Called after every API response (starts webhook delivery of the request's events). */
  afterResponse: () => void;
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function errorReply(error: StripeApiError): Reply {
  return { status: error.status, body: json({ error: error.body }), headers: {} };
}

const MISSING_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** Returns the API key, or throws Stripe's 401. Only test-mode secret and restricted keys are valid. */
function authenticate(header: string | undefined): string {
  if (!header) throw invalidRequest(MISSING_KEY, { status: 401 });
  let key = "";
  if (header.startsWith("Bearer ")) key = header.slice(7).trim();
  else if (header.startsWith("Basic "))
    key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? "";
  if (!key) throw invalidRequest(MISSING_KEY, { status: 401 });
  if (!/^(sk|rk)_test_\w+$/.test(key)) {
    const masked =
      key.length > 8 ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
    throw invalidRequest(`Invalid API Key provided: ${masked}`, { status: 401 });
  }
  return key;
}

/** Control requests may be JSON; values are normalised to the strings the param readers expect. */
function normalise(value: unknown): ParamValue {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value === null || value === undefined ? "" : String(value);
}

function controlParams(req: IncomingMessage, body: string, query: string): ParamObject {
  const fromQuery = decodeForm(query);
  if (!body) return fromQuery;
  if ((req.headers["content-type"] ?? "").includes("json")) {
    return { ...fromQuery, ...(normalise(JSON.parse(body)) as ParamObject) };
  }
  return { ...fromQuery, ...decodeForm(body) };
}

export function createEmulatorServer(deps: ServerDeps): Server {
  const { ctx, logger } = deps;

  async function serveControl(req: IncomingMessage, path: string, body: string, query: string): Promise<Reply> {
    const match = deps.control.match(req.method ?? "GET", path);
    if (!match) return errorReply(unrecognizedUrl(req.method ?? "GET", path));
    const params = controlParams(req, body, query);
    const result = await ctx.withoutRequest(() =>
      match.handler(ctx, { method: req.method ?? "GET", path, params, pathParams: match.pathParams }),
    );
    if (result instanceof Redirect) return { status: 302, body: "", headers: { Location: result.location } };
    return { status: 200, body: json(result), headers: {} };
  }

  function serveApi(req: IncomingMessage, path: string, body: string, query: string, requestId: string): Reply {
    const method = req.method ?? "GET";
    const fault = deps.faults.take(path);
    if (fault && !fault.loseAnswer) return errorReply(fault.error);
    const reply = serveOnce(req, method, path, body, query, requestId);
    return fault ? errorReply(fault.error) : reply;
  }

  function serveOnce(
    req: IncomingMessage,
    method: string,
    path: string,
    body: string,
    query: string,
    requestId: string,
  ): Reply {
    const apiKey = authenticate(req.headers.authorization);
    const params = method === "POST" ? decodeForm(body || query) : decodeForm(query);
    const key = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    if (key !== undefined) {
      const found = ctx.idempotency.lookup(apiKey, key, method, path, params, ctx.now());
      if (found.kind === "replay") {
        return {
          status: found.response.status,
          body: found.response.body,
          headers: { "Idempotent-Replayed": "true", "Original-Request": found.response.requestId },
        };
      }
    }
    const reply = runHandler(method, path, params, requestId, key);
    if (key !== undefined && isReplayable(reply.status)) {
      ctx.idempotency.save(apiKey, key, method, path, params, ctx.now(), {
        status: reply.status,
        body: reply.body,
        requestId,
      });
    }
    if (key !== undefined) reply.headers["Idempotency-Key"] = key;
    return reply;
  }

  function runHandler(
    method: string,
    path: string,
    params: ParamObject,
    requestId: string,
    key: string | undefined,
  ): Reply {
    const match = deps.api.match(method, path);
    if (!match) return errorReply(unrecognizedUrl(method, path));
    ctx.request = { id: requestId, idempotencyKey: key ?? null };
    try {
      refreshAvailability(ctx);
      const result = match.handler(ctx, { method, path, params, pathParams: match.pathParams });
      const expanded = applyExpand(result, expandPaths(params), ctx.store, deps.virtualFields);
      return { status: 200, body: json(expanded), headers: {} };
    } catch (error) {
      if (error instanceof StripeApiError) return errorReply(error);
      logger.error({ err: error, path }, "stripe emulator handler failed");
      return errorReply(internalError());
    } finally {
      ctx.request = { id: null, idempotencyKey: null };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomToken(14)}`;
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname;
    const query = url.search.slice(1);
    let reply: Reply;
    try {
      const body = await readBody(req);
      if (path.startsWith("/_emulator/")) reply = await serveControl(req, path, body, query);
      else if (path.startsWith("/v1/")) reply = serveApi(req, path, body, query, requestId);
      else reply = errorReply(unrecognizedUrl(req.method ?? "GET", path));
    } catch (error) {
      if (error instanceof StripeApiError) reply = errorReply(error);
      else {
        logger.error({ err: error, path }, "stripe emulator request failed");
        reply = errorReply(internalError());
      }
    }
    const version = req.headers["stripe-version"];
    res.writeHead(reply.status, {
      "Content-Type": "application/json",
      "Request-Id": requestId,
      "Stripe-Version": typeof version === "string" ? version : API_VERSION,
      ...reply.headers,
    });
    res.end(reply.body);
    logger.debug({ method: req.method, path, status: reply.status, requestId }, "stripe emulator request");
    deps.afterResponse();
  }

  return createServer((req, res) => {
    void handle(req, res);
  });
}
