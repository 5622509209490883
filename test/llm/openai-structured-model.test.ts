import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { OpenAiStructuredModel } from "../../sidecar/src/llm/openai-structured-model.js";
import type { StructuredRequest } from "../../sidecar/src/llm/structured-model.js";
import { type FakeAnswer, type FakeOpenAiServer, startFakeOpenAiServer } from "../support/fake-openai-server.js";

const KEY = "sk-test-5f3c1e9a7b2d4c6e8f0a1b3c5d7e9f1a";
const TIMEOUT_MS = 400;
const RETRY_TIMEOUT_MS = 3000;

const verdict = z.object({
  summary: z.string().max(40),
  action: z.enum(["capture", "review", "cancel"]),
});
const request: StructuredRequest<z.infer<typeof verdict>> = {
  name: "verdict",
  system: "You are advisory.",
  user: '{"score":42}',
  schema: verdict,
};

describe("OpenAiStructuredModel against an OpenAI-compatible server over HTTP", () => {
  let fake: FakeOpenAiServer;
  const modelAt = (baseUrl: string, apiKey: () => string | undefined = () => KEY, timeoutMs = TIMEOUT_MS) =>
    new OpenAiStructuredModel({ baseUrl, model: "gpt-4o-mini", timeoutMs, apiKey });
  const ask = (...answers: FakeAnswer[]) => {
    fake.script(...answers);
    return modelAt(fake.baseUrl).ask(request);
  };
  /** Long enough for the client's own back-off (0.5 to 1 s) before its one retry. */
  const askWithRetryTime = (...answers: FakeAnswer[]) => {
    fake.script(...answers);
    return modelAt(fake.baseUrl, () => KEY, RETRY_TIMEOUT_MS).ask(request);
  };

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  afterAll(() => fake.close());

  it("sends the question as a strict JSON-schema request and returns the validated answer", async () => {
    const answer = await ask({ structured: { summary: "card checks passed", action: "capture" } });

    expect(answer).toEqual({ ok: true, value: { summary: "card checks passed", action: "capture" } });
    const [sent] = fake.requests;
    expect(sent!.url).toBe("/v1/chat/completions");
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body).toMatchObject({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are advisory." },
        { role: "user", content: '{"score":42}' },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "verdict",
          strict: true,
          schema: {
            type: "object",
            required: ["summary", "action"],
            additionalProperties: false,
            properties: {
              // Strict mode has no string lengths: the bound is told in words and checked on the answer.
              summary: { type: "string", description: "at most 40 characters" },
              action: { type: "string", enum: ["capture", "review", "cancel"] },
            },
          },
        },
      },
    });
    expect(JSON.stringify(sent!.body.response_format)).not.toContain("maxLength");
  });

  it("reaches an API mounted at the root and keeps the base URL's query (Azure's api-version)", async () => {
    fake.script({ structured: { summary: "ok", action: "review" } });
    const answer = await modelAt(`${fake.rootUrl}/?api-version=2024-10-21`).ask(request);

    expect(answer).toMatchObject({ ok: true, value: { action: "review" } });
    expect(fake.requests[0]!.url).toBe("/chat/completions?api-version=2024-10-21");
  });

  it("sends the key as Azure's api-key too on an Azure deployment's URL", async () => {
    fake.script({ structured: { summary: "ok", action: "review" } });
    const answer = await modelAt(`${fake.rootUrl}/openai/deployments/fraud-gpt4o?api-version=2024-10-21`).ask(request);

    expect(answer).toMatchObject({ ok: true, value: { action: "review" } });
    expect(fake.requests[0]).toMatchObject({
      url: "/openai/deployments/fraud-gpt4o/chat/completions?api-version=2024-10-21",
      headers: { "api-key": KEY, authorization: `Bearer ${KEY}` },
    });
  });

  it("sends no Authorization header when no key is configured (a local Ollama)", async () => {
    fake.script({ structured: { summary: "ok", action: "capture" } });
    await modelAt(fake.baseUrl, () => undefined).ask(request);

    expect(fake.requests[0]!.headers).not.toHaveProperty("authorization");
    expect(fake.requests[0]!.headers).not.toHaveProperty("api-key");
  });

  it("reads the key on every call, so a rotated key is used at once", async () => {
    let key = KEY;
    const model = modelAt(fake.baseUrl, () => key);
    await model.ask(request);
    key = "sk-test-rotated-00000000000000000000";
    await model.ask(request);

    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${key}`]);
  });

  it.each([
    [400, "refused", "the model endpoint refused the request (HTTP 400 invalid_request_error)"],
    [401, "refused", "the model endpoint refused the request (HTTP 401 invalid_api_key)"],
    [403, "refused", "the model endpoint refused the request (HTTP 403 invalid_request_error)"],
    [404, "refused", "the model endpoint refused the request (HTTP 404 model_not_found)"],
  ] as const)("HTTP %i is %s, at once and without the server's message", async (status, kind, message) => {
    // OpenAI repeats (part of) the key in a 401's message; this server repeats all of it.
    const answer = await ask({ status, error: { message: `Incorrect API key provided: ${KEY}.` } });

    expect(answer).toEqual({ ok: false, error: { kind, message } });
    expect(fake.requests).toHaveLength(1);
  });

  it("HTTP 429 is rate_limited after one retry", async () => {
    const rateLimited: FakeAnswer = { status: 429, headers: { "retry-after-ms": "20" } };
    const answer = await ask(rateLimited, rateLimited);

    expect(answer).toEqual({
      ok: false,
      error: { kind: "rate_limited", message: "the model endpoint is rate limiting (HTTP 429 rate_limit_exceeded)" },
    });
    expect(fake.requests).toHaveLength(2);
  });

  it("HTTP 5xx is error after one retry, and a retry that succeeds is a success", async () => {
    const failed = await askWithRetryTime({ status: 500 }, { status: 503 });
    expect(failed).toEqual({
      ok: false,
      error: { kind: "error", message: "the model endpoint failed (HTTP 503 server_error)" },
    });
    expect(fake.requests).toHaveLength(2);

    const recovered = await askWithRetryTime({ status: 500 }, { structured: { summary: "ok", action: "capture" } });
    expect(recovered).toMatchObject({ ok: true, value: { action: "capture" } });
  });

  it("an endpoint nobody listens on is unreachable", async () => {
    const port = await closedPort();
    const answer = await modelAt(`http://127.0.0.1:${port}/v1`, () => KEY, RETRY_TIMEOUT_MS).ask(request);

    expect(answer).toEqual({
      ok: false,
      error: { kind: "unreachable", message: `could not reach the model endpoint at 127.0.0.1:${port} (ECONNREFUSED)` },
    });
  });

  it("an answer slower than the timeout is a timeout, on time", async () => {
    const started = Date.now();
    const answer = await ask({
      delayMs: TIMEOUT_MS * 5,
      answer: { structured: { summary: "late", action: "capture" } },
    });

    expect(answer).toEqual({
      ok: false,
      error: { kind: "timeout", message: "the model did not answer within 400 ms" },
    });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 300);
  });

  it("the timeout covers retries: a 429 asking to wait a minute ends at the deadline", async () => {
    const started = Date.now();
    const answer = await ask({ status: 429, headers: { "retry-after": "60" } });

    expect(answer).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 300);
  });

  it.each<[string, FakeAnswer, string]>([
    ["text that is not JSON", { message: { content: "Sure! Capture it." } }, "the model's answer is not JSON"],
    [
      "JSON of the wrong shape",
      { structured: { summary: "ok", action: "ship" } },
      "the model's answer does not fit verdict: action: Invalid option: expected one of",
    ],
    [
      "a string longer than the schema allows",
      { structured: { summary: "x".repeat(41), action: "capture" } },
      "the model's answer does not fit verdict: summary: Too big",
    ],
    ["a refusal", { message: { content: null, refusal: "I can't help with that." } }, "the model refused to answer"],
    ["no choices", { noChoices: true }, "the model endpoint returned no answer"],
    ["an empty message", { message: { content: "" } }, "the model's answer is empty"],
    [
      "an answer cut off at the token limit",
      { message: { content: '{"summary":"o' }, finishReason: "length" },
      "the model's answer was cut off (too long)",
    ],
    ["an HTML page with status 200", { raw: "<html>gateway</html>" }, "the model endpoint returned no answer"],
    [
      "truncated JSON labelled as JSON",
      { raw: '{"id":"chatcmpl-1","choices":[', contentType: "application/json" },
      "the model endpoint's answer is not JSON",
    ],
  ])("%s is invalid_answer", async (_, garbage, message) => {
    const answer = await ask(garbage);

    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.kind).toBe("invalid_answer");
    expect(answer.error.message).toContain(message);
    expect(answer.error.message).not.toMatch(/\n/);
  });
});

/** A port that was free a moment ago and has nobody listening now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
