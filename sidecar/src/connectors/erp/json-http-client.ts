import { type HttpFetchResponse, httpFetch } from "@nop-stripe/contract/http-fetch.js";
import type { z } from "zod";
import {
  ConnectorProtocolError,
  ConnectorRejected,
  ConnectorUnavailable,
  type RejectionDetails,
} from "../../ports/connector-errors.js";
import { type Credential, readCredential } from "../credential.js";

export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What a composition root passes to an HTTP connector; it reads the environment, the connector does not. */
export interface HttpConnectorOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; a function is read on every attempt, so a rotated key applies at once. */
  apiKey: Credential;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Default 4 attempts, 200 ms base, 5 s cap. */
  retry?: Partial<RetryOptions>;
  /** Told about each retry, for logs and metrics. */
  onRetry?: (info: { system: string; attempt: number; delayMs: number; failure: string }) => void;
  /** For tests: deterministic jitter. */
  random?: () => number;
}

export interface JsonRequest<T extends z.ZodType> {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  response: T;
}

const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

/** Statuses worth retrying: the request may be fine and the system busy or down. */
const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * JSON over HTTP with the reliability rules all our HTTP connectors share: a timeout per attempt, retries
 * with exponential backoff and full jitter on 5xx/408/429, timeouts and network errors, never on other 4xx.
 * A POST keeps its Idempotency-Key across retries, so an attempt that timed out after the system acted is
 * answered from the system's idempotency store rather than acted on twice.
 */
export class JsonHttpClient {
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;

  constructor(
    private readonly system: string,
    private readonly options: HttpConnectorOptions,
    private readonly rejected: (rejection: RejectionDetails) => ConnectorRejected,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send<T extends z.ZodType>(request: JsonRequest<T>): Promise<z.output<T>> {
    let lastFailure = "no attempt made";
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      const outcome = await this.attempt(request);
      if (outcome.kind === "done") return this.parse(request, outcome.status, outcome.json);
      if (outcome.kind === "rejected") throw this.rejected(outcome.rejection);
      lastFailure = outcome.failure;
      lastError = outcome.error;
      if (attempt < this.retry.maxAttempts) {
        const delayMs = Math.max(this.backoffMs(attempt), outcome.retryAfterMs ?? 0);
        this.options.onRetry?.({ system: this.system, attempt, delayMs, failure: lastFailure });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    throw new ConnectorUnavailable(this.system, this.retry.maxAttempts, lastFailure, { cause: lastError });
  }

  private async attempt(request: JsonRequest<z.ZodType>): Promise<Outcome> {
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: `Bearer ${readCredential(this.options.apiKey)}`,
    };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    if (request.idempotencyKey) headers["idempotency-key"] = request.idempotencyKey;
    let response: HttpFetchResponse;
    let text: string;
    try {
      // Concatenated, not resolved, so a base URL with a path prefix (https://erp.example/api/v2) keeps it.
      response = await httpFetch(`${this.options.baseUrl.replace(/\/+$/, "")}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: this.timeoutMs,
      });
      text = await response.text();
    } catch (error) {
      return { kind: "transient", failure: describeNetworkError(error), error };
    }
    const json = parseJson(text);
    if (response.ok) return { kind: "done", status: response.status, json };
    const rejection = readRejection(response.status, json, text);
    if (isTransientStatus(response.status))
      return {
        kind: "transient",
        failure: `${response.status} ${rejection.code}`,
        retryAfterMs: retryAfterMs(response.headers.get("retry-after"), this.retry.maxDelayMs),
      };
    return { kind: "rejected", rejection };
  }

  private parse<T extends z.ZodType>(request: JsonRequest<T>, status: number, json: unknown): z.output<T> {
    const parsed = request.response.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new ConnectorProtocolError(
      this.system,
      `${request.method} ${request.path} answered ${status} with an unexpected body: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }

  /** Full jitter: anywhere between 0 and the exponential ceiling, so clients failing together spread out. */
  private backoffMs(failedAttempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (failedAttempt - 1));
    return Math.round((this.options.random ?? Math.random)() * ceiling);
  }
}

type Outcome =
  | { kind: "done"; status: number; json: unknown }
  | { kind: "rejected"; rejection: RejectionDetails }
  | { kind: "transient"; failure: string; error?: unknown; retryAfterMs?: number };

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads the `{ error: { code, message, field, details } }` body, tolerating systems that answer otherwise. */
function readRejection(status: number, json: unknown, text: string): RejectionDetails {
  const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    status,
    code: str(error?.code) ?? `http_${status}`,
    message: str(error?.message) ?? (text.slice(0, 200) || `HTTP ${status}`),
    field: str(error?.field),
    details: error?.details,
  };
}

/** httpFetch's errors say what failed ("timeout after 10000 ms", "connect ECONNREFUSED …"). */
function describeNetworkError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function retryAfterMs(header: string | null, capMs: number): number | undefined {
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, capMs) : undefined;
}

/** A GET for a missing document is an answer (null), not a failure. */
export async function nullIfNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof ConnectorRejected && err.status === 404) return null;
    throw err;
  }
}
