import { createHash, randomUUID } from "node:crypto";
import { canonicalJson } from "@nop-stripe/contract/canonical-json.js";
import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { type HttpFetch, httpFetch } from "@nop-stripe/contract/http-fetch.js";
import { signWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { writeBackBasePath, writeBackRoutes } from "@nop-stripe/contract/write-back-routes.js";
import {
  type WriteBackOperation,
  type WriteBackRequest,
  type WriteBackResponse,
  writeBackErrorSchema,
  writeBackSchemas,
} from "@nop-stripe/contract/write-back-schemas.js";
import { type RetryPolicy, retryDelayMs } from "../../jobs/retry-policy.js";
import type { Logger } from "../../logger.js";
import { type Credential, readCredential } from "../credential.js";
import { NopNotFound, NopRequestError, NopRuleRefused } from "./nop-errors.js";
import type { NopCallOptions, NopPort, NopResult } from "./nop-port.js";

export interface HttpNopAdapterOptions {
  /** The store's base URL, e.g. https://shop.example.com (the plugin's routes hang below it). */
  baseUrl: string;
  /** The write-back secret (whsec_<base64>), distinct from the event secret; a function is read on every request. */
  secret: Credential;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: HttpFetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

const defaultRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

/** One attempt's outcome: an answer to interpret, or a failure worth retrying. */
type Attempt =
  | { kind: "answer"; status: number; body: string }
  | { kind: "retryable"; status: number | null; message: string };

/**
 * The nop port over HTTP: signs every request (Standard Webhooks, write-back secret), keeps the request id across
 * retries so the plugin applies a write once, retries 5xx/429/network/timeouts with backoff and jitter, and never
 * retries a 4xx: a rule refusal comes back as NopRuleRefused naming the rule.
 */
export class HttpNopAdapter implements NopPort {
  private readonly base: string;
  private readonly fetchFn: HttpFetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpNopAdapterOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "") + writeBackBasePath;
    this.fetchFn = options.fetch ?? httpFetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  getOrder = this.operation("getOrder");
  markOrderAuthorized = this.operation("markOrderAuthorized");
  markOrderPaid = this.operation("markOrderPaid");
  recordRefund = this.operation("recordRefund");
  voidOrder = this.operation("voidOrder");
  cancelOrder = this.operation("cancelOrder");
  addOrderNote = this.operation("addOrderNote");
  addShipment = this.operation("addShipment");
  markShipmentDelivered = this.operation("markShipmentDelivered");
  setStockQuantity = this.operation("setStockQuantity");
  updateProductPrice = this.operation("updateProductPrice");
  getCustomer = this.operation("getCustomer");
  listProducts = this.operation("listProducts");
  listCustomers = this.operation("listCustomers");
  getReturnRequest = this.operation("getReturnRequest");
  setReturnRequestStatus = this.operation("setReturnRequestStatus");
  updateCustomer = this.operation("updateCustomer");
  getRecurringPayment = this.operation("getRecurringPayment");
  listRecurringPayments = this.operation("listRecurringPayments");
  processNextRecurringPayment = this.operation("processNextRecurringPayment");
  markRecurringPaymentFailed = this.operation("markRecurringPaymentFailed");
  cancelRecurringPayment = this.operation("cancelRecurringPayment");

  private operation<O extends WriteBackOperation>(op: O) {
    return (request: WriteBackRequest<O>, options: NopCallOptions = {}) => this.call(op, request, options);
  }

  private async call<O extends WriteBackOperation>(
    op: O,
    request: WriteBackRequest<O>,
    options: NopCallOptions,
  ): Promise<NopResult<WriteBackResponse<O>>> {
    const checked = writeBackSchemas[op].request.safeParse(request);
    if (!checked.success)
      throw new NopRequestError(`${op}: ${describeZodError(checked.error, "request")}`, "invalid_request", null, false);
    const body = JSON.stringify(request);
    const requestId = options.requestId ?? this.deriveRequestId(op, request);
    const policy = this.options.retry ?? defaultRetry;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(op, requestId, body, options.signal);
      if (outcome.kind === "answer") return this.interpret(op, outcome.status, outcome.body);
      if (attempt >= policy.maxAttempts || options.signal?.aborted)
        throw new NopRequestError(
          `${op} failed after ${attempt} attempt(s): ${outcome.message}`,
          "unavailable",
          outcome.status,
          true,
        );
      const delay = retryDelayMs(policy, attempt, this.options.random);
      this.options.logger?.warn({ op, requestId, attempt, delay, reason: outcome.message }, "nop write-back retry");
      await this.sleep(delay);
    }
  }

  /** Writes hash their content so a repeated identical call is applied once; reads are never deduplicated. */
  private deriveRequestId(op: WriteBackOperation, request: unknown): string {
    if (writeBackRoutes[op].kind === "read") return `nop_read_${randomUUID()}`;
    const digest = createHash("sha256")
      .update(`${op}\n${canonicalJson(request)}`)
      .digest("hex");
    return `nop_${op}_${digest.slice(0, 40)}`;
  }

  private async attempt(
    op: WriteBackOperation,
    requestId: string,
    body: string,
    signal?: AbortSignal,
  ): Promise<Attempt> {
    // Fresh timestamp per attempt; the same id tells the plugin it is a retry.
    const headers = {
      "content-type": "application/json",
      ...signWebhook(readCredential(this.options.secret), requestId, body, this.now()),
    };
    try {
      const res = await this.fetchFn(this.base + writeBackRoutes[op].path, {
        method: "POST",
        headers,
        body,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        signal,
      });
      const text = await res.text();
      if (res.status >= 500 || res.status === 429)
        return { kind: "retryable", status: res.status, message: `HTTP ${res.status} ${text.slice(0, 200)}` };
      return { kind: "answer", status: res.status, body: text };
    } catch (err) {
      if (signal?.aborted) throw err;
      return { kind: "retryable", status: null, message: (err as Error).message };
    }
  }

  private interpret<O extends WriteBackOperation>(
    op: O,
    status: number,
    text: string,
  ): NopResult<WriteBackResponse<O>> {
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const parsed = writeBackSchemas[op].response.safeParse(json);
      if (!parsed.success)
        throw new NopRequestError(
          `${op}: the plugin's answer breaks the contract: ${describeZodError(parsed.error, "response")}`,
          "invalid_response",
          status,
          false,
        );
      return { ok: true, value: parsed.data as WriteBackResponse<O> };
    }
    const error = writeBackErrorSchema.safeParse(json);
    if (!error.success)
      throw new NopRequestError(
        `${op}: HTTP ${status} without an error body: ${text.slice(0, 200)}`,
        "http_error",
        status,
        false,
      );
    const { code, rule, message } = error.data.error;
    if (code === "rule_refused") return { ok: false, error: new NopRuleRefused(rule ?? "unknown", message) };
    if (code === "not_found") return { ok: false, error: new NopNotFound(message) };
    throw new NopRequestError(`${op}: ${code}: ${message}`, code, status, false);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
