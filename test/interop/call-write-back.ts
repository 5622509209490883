/**
 * Sidecar -> plugin interop: points the sidecar's real HttpNopAdapter at the plugin's write-back endpoint (served
 * by the C# test on a loopback port) and reports what the adapter made of each answer.
 *
 * stdin:  { "baseUrl", "secret", "calls": [{ "op", "request", "secret"? }] }  (a call's own secret overrides)
 * stdout: [{ "op", "outcome": "ok", "value" } | { "op", "outcome": "refused", "kind", "rule", "message" }
 *          | { "op", "outcome": "error", "name", "code", "status", "retryable", "message" }]
 */

import type { WriteBackOperation } from "@nop-stripe/contract/write-back-schemas.js";
import { HttpNopAdapter } from "../../sidecar/src/connectors/nop/http-nop-adapter.js";
import { NopRequestError, NopRuleRefused } from "../../sidecar/src/connectors/nop/nop-errors.js";
import type { NopCallOptions, NopResult } from "../../sidecar/src/connectors/nop/nop-port.js";
import { answer, readStdinJson } from "./io.js";

interface Input {
  baseUrl: string;
  secret: string;
  calls: { op: WriteBackOperation; request: unknown; secret?: string }[];
}

type AnyCall = (request: unknown, options?: NopCallOptions) => Promise<NopResult<unknown>>;

const input = await readStdinJson<Input>();
const adapters = new Map<string, HttpNopAdapter>();
const adapterFor = (secret: string) => {
  let adapter = adapters.get(secret);
  if (!adapter) {
    // A short retry so an unexpected 5xx fails the test quickly; 4xx are never retried.
    adapter = new HttpNopAdapter({
      baseUrl: input.baseUrl,
      secret,
      retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 },
    });
    adapters.set(secret, adapter);
  }
  return adapter;
};

const results: unknown[] = [];
for (const { op, request, secret } of input.calls) {
  const call = adapterFor(secret ?? input.secret)[op] as AnyCall;
  try {
    const result = await call(request);
    if (result.ok) results.push({ op, outcome: "ok", value: result.value });
    else {
      const { kind, message } = result.error;
      const rule = result.error instanceof NopRuleRefused ? result.error.rule : null;
      results.push({ op, outcome: "refused", kind, rule, message });
    }
  } catch (err) {
    if (!(err instanceof NopRequestError)) throw err;
    const { name, code, status, retryable, message } = err;
    results.push({ op, outcome: "error", name, code, status, retryable, message });
  }
}
answer(results);
