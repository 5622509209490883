import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FRAUD_ADVISOR_SYSTEM_PROMPT, FraudAdvisor } from "../../sidecar/src/llm/fraud-advisor.js";
import { fraudPromptInput } from "../../sidecar/src/llm/fraud-prompt-input.js";
import { OpenAiStructuredModel } from "../../sidecar/src/llm/openai-structured-model.js";
import { type FakeAnswer, type FakeOpenAiServer, startFakeOpenAiServer } from "../support/fake-openai-server.js";
import { riskyPayment, UPSTREAM, upstreamValues } from "../support/risky-payment.js";

const TIMEOUT_MS = 500;

describe("FraudAdvisor over HTTP to an OpenAI-compatible server", () => {
  let fake: FakeOpenAiServer;
  let advisor: FraudAdvisor;
  const advise = (...answers: FakeAnswer[]) => {
    fake.script(...answers);
    return advisor.advise(riskyPayment());
  };

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    const model = new OpenAiStructuredModel({
      baseUrl: fake.baseUrl,
      model: "gpt-4o-mini",
      timeoutMs: TIMEOUT_MS,
      apiKey: () => "sk-test-advisor-0123456789abcdef",
    });
    advisor = new FraudAdvisor(model);
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  afterAll(() => fake.close());

  it("returns the model's advice, with only signal names the assessment has, each once", async () => {
    const advice = await advise({
      structured: {
        narrative: "Four declines before success and a prepaid card from another country suggest card testing.",
        weighedSignals: [
          "declines_before_success",
          "made_up_signal",
          "card_country_mismatch",
          "declines_before_success",
        ],
        recommendedAction: "cancel",
      },
    });

    expect(advice).toEqual({
      ok: true,
      value: {
        narrative: "Four declines before success and a prepaid card from another country suggest card testing.",
        weighedSignals: ["declines_before_success", "card_country_mismatch"],
        recommendedAction: "cancel",
        model: "gpt-4o-mini",
      },
    });
  });

  it("maps a signal name it scrubbed back to the assessment's own", async () => {
    const payment = riskyPayment();
    const original = `velocity_card_${UPSTREAM.cardFingerprint}`;
    payment.assessment.signals[2]!.name = original;
    fake.script({ structured: answerWith({ weighedSignals: ["velocity_card_[token]"] }) });
    const advice = await advisor.advise(payment);

    expect(fake.requests[0]!.text).not.toContain(UPSTREAM.cardFingerprint);
    expect(advice).toMatchObject({ ok: true, value: { weighedSignals: [original] } });
  });

  it("asks with the advisory system prompt, the fraud_advice schema and the redacted input", async () => {
    await advise();
    const { body } = fake.requests[0]!;
    const { facts, assessment } = riskyPayment();

    expect(body.messages[0]).toEqual({ role: "system", content: FRAUD_ADVISOR_SYSTEM_PROMPT });
    expect(FRAUD_ADVISOR_SYSTEM_PROMPT).toMatch(/advice only/);
    expect(JSON.parse(body.messages[1]!.content)).toEqual(fraudPromptInput(facts, assessment));
    expect(body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: {
        name: "fraud_advice",
        strict: true,
        schema: { required: ["narrative", "weighedSignals", "recommendedAction"], additionalProperties: false },
      },
    });
  });

  it("sends no e-mail, name, IP, card number, fingerprint or customer id of the order anywhere in the request", async () => {
    await advise();
    const [sent] = fake.requests;
    const { authorization: _, ...headers } = sent!.headers;
    const wire = `${sent!.url}\n${JSON.stringify(headers)}\n${sent!.text}`;

    for (const value of upstreamValues()) expect(wire).not.toContain(value);
    // What it is made of does arrive.
    expect(wire).toContain("declines_before_success");
    expect(wire).toContain("card issued in BR, billing address in DE");
  });

  it("with nothing scripted, the fake's own answer fits the schema", async () => {
    const advice = await advisor.advise(riskyPayment());

    expect(advice).toMatchObject({ ok: true, value: { recommendedAction: "capture", weighedSignals: [] } });
  });

  it.each<[string, string, FakeAnswer]>([
    ["a narrative over 1200 characters", "invalid_answer", { structured: answerWith({ narrative: "x".repeat(1201) }) }],
    ["an empty narrative", "invalid_answer", { structured: answerWith({ narrative: "" }) }],
    ["an action the schema lacks", "invalid_answer", { structured: answerWith({ recommendedAction: "approve" }) }],
    ["prose instead of JSON", "invalid_answer", { message: { content: "I would capture this one." } }],
    ["a refusal", "invalid_answer", { message: { content: null, refusal: "I can't assist with that." } }],
    ["HTTP 401", "refused", { status: 401 }],
    ["HTTP 400", "refused", { status: 400 }],
    ["HTTP 429", "rate_limited", { status: 429, headers: { "x-should-retry": "false" } }],
    ["HTTP 500", "error", { status: 500, headers: { "x-should-retry": "false" } }],
    ["an answer after the timeout", "timeout", { delayMs: TIMEOUT_MS * 4, answer: { structured: answerWith({}) } }],
  ])("%s is no advice (%s)", async (_, kind, answer) => {
    const advice = await advise(answer);

    expect(advice).toMatchObject({ ok: false, error: { kind } });
  });
});

function answerWith(fields: Record<string, unknown>) {
  return { narrative: "Mixed signals.", weighedSignals: [], recommendedAction: "review", ...fields };
}
