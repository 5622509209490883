import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking OpenAI's chat completions HTTP API, over real HTTP, for tests: it records every request
 * and answers what the test scripted, in OpenAI's own shapes (the chat.completion object, the {error:{...}} body).
 * With nothing scripted it answers the simplest JSON that fits the requested schema.
 */
export type FakeAnswer =
  /** A structured answer: `content` is sent as the message's JSON text. */
  | { structured: unknown }
  /** The message as given (not JSON, JSON of the wrong shape, a refusal, a cut-off answer). */
  | { message: { content: string | null; refusal?: string | null }; finishReason?: FinishReason }
  /** A chat.completion with no choices at all. */
  | { noChoices: true }
  /** An error in OpenAI's shape, with OpenAI's type and code for the status unless given. */
  | { status: 400 | 401 | 403 | 404 | 429 | 500 | 503; error?: Partial<OpenAiError>; headers?: Record<string, string> }
  /** Any HTTP body at all (a proxy's HTML page, a truncated JSON). */
  | { raw: string; status?: number; contentType?: string }
  /** The answer, after a wait (longer than the client's timeout, to test it). */
  | { delayMs: number; answer: FakeAnswer };

type FinishReason = "stop" | "length" | "content_filter";

export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /v1/chat/completions?api-version=2024-10-21. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The request body as sent (the raw text) and parsed. */
  text: string;
  body: ChatCompletionRequest;
}

export interface ChatCompletionRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: JsonSchema } };
  [field: string]: unknown;
}

type JsonSchema = Record<string, unknown>;

export interface FakeOpenAiServer {
  /** The base URL with /v1, as for api.openai.com. */
  baseUrl: string;
  /** The base URL without /v1 (a proxy or gateway that mounts the API at its root). */
  rootUrl: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; after them, `fallback`. */
  script(...answers: FakeAnswer[]): void;
  /** The answer when nothing is scripted; by default the simplest JSON fitting the requested schema. */
  fallback: FakeAnswer | ((request: ChatCompletionRequest) => FakeAnswer);
  close(): Promise<void>;
}

/** OpenAI's path, the same at a gateway's root, and Azure OpenAI's (v1, and per deployment). */
const ROUTE = /^(\/v1|\/openai\/v1|\/openai\/deployments\/[\w.-]+)?\/chat\/completions$/;

const ERRORS: Record<number, OpenAiError> = {
  400: { message: "Invalid request.", type: "invalid_request_error", param: null, code: null },
  401: {
    message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  },
  403: { message: "You are not allowed to use this model.", type: "invalid_request_error", param: null, code: null },
  404: { message: "The model does not exist.", type: "invalid_request_error", param: "model", code: "model_not_found" },
  429: {
    message: "Rate limit reached for requests. Please try again later.",
    type: "requests",
    param: null,
    code: "rate_limit_exceeded",
  },
  500: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    param: null,
    code: null,
  },
  503: { message: "The engine is currently overloaded.", type: "server_error", param: null, code: null },
};

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: FakeAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeOpenAiServer = {
    baseUrl: "",
    rootUrl: "",
    requests: [],
    script: (...answers) => queue.push(...answers),
    fallback: (request) => ({ structured: simplestFitting(request.response_format?.json_schema?.schema ?? {}) }),
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const answer = (res: ServerResponse, request: ChatCompletionRequest, scripted: FakeAnswer) => {
    if (res.destroyed) return;
    if ("delayMs" in scripted) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, request, scripted.answer);
      }, scripted.delayMs);
      timers.add(timer);
      return;
    }
    if ("raw" in scripted) {
      res.writeHead(scripted.status ?? 200, { "content-type": scripted.contentType ?? "text/html" });
      res.end(scripted.raw);
      return;
    }
    if ("status" in scripted) {
      const error = { ...ERRORS[scripted.status]!, ...scripted.error };
      sendJson(res, scripted.status, { error }, scripted.headers);
      return;
    }
    sendJson(res, 200, chatCompletion(request.model, scripted));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const text = await readBody(req);
    if (req.method !== "POST" || !ROUTE.test(url.pathname)) {
      sendJson(res, 404, { error: { ...ERRORS[404]!, message: `Unknown request URL: ${req.method} ${url.pathname}` } });
      return;
    }
    let body: ChatCompletionRequest;
    try {
      body = JSON.parse(text);
    } catch {
      sendJson(res, 400, { error: { ...ERRORS[400]!, message: "We could not parse the JSON body of your request." } });
      return;
    }
    fake.requests.push({ method: req.method, url: req.url ?? "", headers: req.headers, text, body });
    const next = queue.shift() ?? (typeof fake.fallback === "function" ? fake.fallback(body) : fake.fallback);
    answer(res, body, next);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.rootUrl = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.rootUrl}/v1`;
  return fake;
}

/** OpenAI's chat.completion object, field for field. */
function chatCompletion(
  model: string,
  answer: Exclude<FakeAnswer, { status: number } | { raw: string } | { delayMs: number }>,
) {
  const message =
    "structured" in answer
      ? { content: JSON.stringify(answer.structured), refusal: null }
      : "message" in answer
        ? { content: answer.message.content, refusal: answer.message.refusal ?? null }
        : undefined;
  const completionTokens = Math.ceil((message?.content?.length ?? 0) / 4);
  return {
    id: `chatcmpl-${randomBytes(15).toString("base64url")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: message
      ? [
          {
            index: 0,
            message: { role: "assistant", ...message, annotations: [] },
            logprobs: null,
            finish_reason: ("finishReason" in answer && answer.finishReason) || "stop",
          },
        ]
      : [],
    usage: {
      prompt_tokens: 120,
      completion_tokens: completionTokens,
      total_tokens: 120 + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_fake",
  };
}

/** The simplest value that fits a (strict-mode) JSON Schema: first enum values, one sentence, empty arrays. */
export function simplestFitting(schema: JsonSchema): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const type = Array.isArray(schema.type) ? (schema.type.includes("null") ? "null" : schema.type[0]) : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, simplestFitting(s)]));
    }
    case "array":
      return Array.from({ length: Number(schema.minItems ?? 0) }, () =>
        simplestFitting((schema.items ?? {}) as JsonSchema),
      );
    case "string":
      return "An answer from the fake OpenAI server.";
    case "number":
    case "integer":
      return Number(schema.minimum ?? 0);
    case "boolean":
      return false;
    default:
      return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
