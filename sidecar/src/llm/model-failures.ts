import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ModelFailure } from "./structured-model.js";

/**
 * Turns whatever the openai client threw into a one-line ModelFailure. The server's own error message is never
 * repeated: OpenAI echoes a masked API key in a 401's message, and a proxy may echo anything. Only the HTTP
 * status and the error's code (a short identifier) are kept.
 */
export function modelFailureOf(error: unknown, endpoint: { host: string; timeoutMs: number }): ModelFailure {
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError)
    return timedOut(endpoint.timeoutMs);
  if (error instanceof APIConnectionError)
    return {
      kind: "unreachable",
      message: `could not reach the model endpoint at ${endpoint.host}${suffix(networkCodeOf(error))}`,
    };
  if (error instanceof APIError) return httpFailure(error.status ?? 0, identifier(error.code ?? error.type));
  // A 200 whose body claims to be JSON but is not.
  if (error instanceof SyntaxError)
    return { kind: "invalid_answer", message: "the model endpoint's answer is not JSON" };
  return { kind: "error", message: `the model call failed (${identifier((error as Error)?.name) ?? "unknown error"})` };
}

export const timedOut = (timeoutMs: number): ModelFailure => ({
  kind: "timeout",
  message: `the model did not answer within ${formatSeconds(timeoutMs)}`,
});

function httpFailure(status: number, code: string | undefined): ModelFailure {
  const what = `HTTP ${status}${code ? ` ${code}` : ""}`;
  if (status === 429) return { kind: "rate_limited", message: `the model endpoint is rate limiting (${what})` };
  if (status >= 400 && status < 500)
    return { kind: "refused", message: `the model endpoint refused the request (${what})` };
  return { kind: "error", message: `the model endpoint failed (${what})` };
}

/** The errno code (ECONNREFUSED, ENOTFOUND) somewhere down the cause chain fetch builds. */
function networkCodeOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = identifier((cause as { code?: unknown }).code);
    if (code) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short identifier from the other side, or nothing: a value that is not one is not repeated. */
const identifier = (value: unknown): string | undefined =>
  typeof value === "string" && /^[\w.-]{1,64}$/.test(value) ? value : undefined;

const suffix = (code: string | undefined) => (code ? ` (${code})` : "");

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
