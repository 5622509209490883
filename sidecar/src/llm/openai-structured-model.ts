import OpenAI from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import type { z } from "zod";
import { err, ok, type Result } from "../domain/result.js";
import { modelFailureOf, timedOut } from "./model-failures.js";
import { strictResponseFormat } from "./strict-json-schema.js";
import type { ModelFailure, StructuredModel, StructuredRequest } from "./structured-model.js";

export interface OpenAiStructuredModelOptions {
  /** An OpenAI-compatible base URL; its query (Azure's `api-version`) is sent with every request. */
  baseUrl: string;
  model: string;
  /** The whole budget of one answer, retries included. */
  timeoutMs: number;
  /** Read on every call, so a key rotated in the vault is used at once; undefined sends none (a local Ollama). */
  apiKey: () => string | undefined;
  /** Retries of a refused connection, a 429 or a 5xx within the budget. */
  maxRetries?: number;
}

/** Any OpenAI-compatible chat completions endpoint, asked for JSON that fits a schema (structured outputs). */
export class OpenAiStructuredModel implements StructuredModel {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly host: string;
  private readonly timeoutMs: number;
  private readonly apiKey: () => string | undefined;
  private readonly azure: boolean;

  constructor(options: OpenAiStructuredModelOptions) {
    const url = new URL(options.baseUrl);
    this.model = options.model;
    this.host = url.host;
    this.timeoutMs = options.timeoutMs;
    this.apiKey = options.apiKey;
    // Azure's keys go in `api-key` (its v1 endpoint also takes the Bearer header): an Azure host or Azure's paths.
    this.azure = /\.azure\.com$/i.test(url.hostname) || url.pathname.startsWith("/openai/");
    this.client = new OpenAI({
      baseURL: `${url.origin}${url.pathname.replace(/\/+$/, "")}`,
      defaultQuery: url.search ? Object.fromEntries(url.searchParams) : undefined,
      // The real key is set per request (authorization below); the client insists on having one.
      apiKey: "set-per-request",
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      // Failures are reported as ModelFailures; the client's own logging would bypass the sidecar's logger.
      logLevel: "off",
    });
  }

  async ask<T>(request: StructuredRequest<T>): Promise<Result<T, ModelFailure>> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The client's timeout covers one attempt and its retry sleeps are not abortable: the deadline covers all.
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("deadline");
      }, this.timeoutMs);
    });
    const call = this.client.chat.completions.create(
      {
        model: this.model,
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.user },
        ],
        response_format: strictResponseFormat(request.name, request.schema),
      },
      { signal: controller.signal, headers: this.authorization() },
    );
    try {
      const outcome = await Promise.race([call, deadline]);
      if (outcome === "deadline") {
        call.catch(() => {});
        return err(timedOut(this.timeoutMs));
      }
      return answerOf(outcome, request);
    } catch (error) {
      return err(modelFailureOf(error, { host: this.host, timeoutMs: this.timeoutMs }));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Null removes the header: no key configured means none is sent. */
  private authorization(): Record<string, string | null> {
    const key = this.apiKey();
    return {
      Authorization: key ? `Bearer ${key}` : null,
      ...(this.azure ? { "api-key": key ?? null } : {}),
    };
  }
}

/** The structured answer in the first choice, validated; anything else is `invalid_answer`. */
function answerOf<T>(completion: unknown, request: StructuredRequest<T>): Result<T, ModelFailure> {
  const invalid = (message: string) => err<ModelFailure>({ kind: "invalid_answer", message });
  const choice = (completion as Partial<ChatCompletion> | null)?.choices?.[0];
  if (!choice?.message) return invalid("the model endpoint returned no answer");
  if (choice.message.refusal) return invalid("the model refused to answer");
  if (choice.finish_reason === "length") return invalid("the model's answer was cut off (too long)");
  if (choice.finish_reason === "content_filter") return invalid("the model's answer was withheld by a content filter");
  const content = choice.message.content;
  if (!content) return invalid("the model's answer is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return invalid("the model's answer is not JSON");
  }
  const checked = request.schema.safeParse(parsed);
  if (checked.success) return ok(checked.data);
  return invalid(`the model's answer does not fit ${request.name}: ${firstIssue(checked.error)}`);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`.replace(/\s+/g, " ").slice(0, 200);
}
