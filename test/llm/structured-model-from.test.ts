import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../sidecar/src/config.js";
import { type Database, openDatabase } from "../../sidecar/src/db/database.js";
import { FraudAdvisor } from "../../sidecar/src/llm/fraud-advisor.js";
import { LLM_KEY_SCOPE, structuredModelFrom } from "../../sidecar/src/llm/structured-model-from.js";
import { MasterKeyRing, parseMasterKey } from "../../sidecar/src/vault/master-key.js";
import { Vault } from "../../sidecar/src/vault/vault.js";
import { backends, type Isolated } from "../support/backends.js";
import { type FakeOpenAiServer, startFakeOpenAiServer } from "../support/fake-openai-server.js";
import { riskyPayment } from "../support/risky-payment.js";

const llmKey = () => `sk-proj-${randomBytes(20).toString("hex")}`;

describe("LLM settings", () => {
  it("leave the model out when LLM_BASE_URL is unset, and time out after 8 s by default", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ LLM_TIMEOUT_MS: 8000 });
    expect(structuredModelFrom(config, { current: () => undefined })).toBeNull();
  });

  it("refuse a base URL without a model, and a base URL that is not http(s)", () => {
    const config = loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1" });
    expect(() => structuredModelFrom(config, { current: () => undefined })).toThrow(
      new ConfigError("invalid setting LLM_MODEL: required when LLM_BASE_URL is set"),
    );
    expect(() => loadConfig({ LLM_BASE_URL: "ftp://models.example" })).toThrow(/invalid setting LLM_BASE_URL/);
    expect(() => loadConfig({ LLM_TIMEOUT_MS: "0" })).toThrow(/invalid setting LLM_TIMEOUT_MS/);
  });
});

describe.each(backends)("the configured model's key comes from the vault on $name", (backend) => {
  let fake: FakeOpenAiServer;
  let isolated: Isolated;
  let db: Database;
  let vault: Vault;
  const advisor = () =>
    new FraudAdvisor(
      structuredModelFrom(
        loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "llama3.1:8b", LLM_TIMEOUT_MS: "2000" }),
        vault,
      )!,
    );

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    isolated = await backend.isolate();
    const { DATABASE_URL, DATA_DIR } = isolated.overrides;
    db = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: DATA_DIR ?? "memory://" });
    vault = await Vault.open({
      prisma: db.prisma,
      keys: new MasterKeyRing(parseMasterKey(randomBytes(32).toString("base64"), "test")),
      logger: pino({ level: "silent" }),
      refreshMs: 60_000,
      defaultOverlapSeconds: 0,
    });
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  afterAll(async () => {
    vault?.close();
    await db?.close();
    await isolated?.cleanup();
    await fake?.close();
  });

  it("sends no key while the vault has none (a local Ollama), then the stored key, then the rotated one", async () => {
    const first = llmKey();
    const second = llmKey();
    const advised = await advisor().advise(riskyPayment());
    await vault.rotate({ kind: "llm_api_key", scope: LLM_KEY_SCOPE, value: first, createdBy: "test" });
    await advisor().advise(riskyPayment());
    // The same advisor, no restart: the key is read at call time.
    const running = advisor();
    await running.advise(riskyPayment());
    await vault.rotate({ kind: "llm_api_key", scope: LLM_KEY_SCOPE, value: second, createdBy: "test" });
    await running.advise(riskyPayment());

    expect(advised).toMatchObject({ ok: true, value: { model: "llama3.1:8b" } });
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      undefined,
      `Bearer ${first}`,
      `Bearer ${first}`,
      `Bearer ${second}`,
    ]);
  });

  it("never repeats the key in a failure, even when the endpoint does", async () => {
    const key = llmKey();
    await vault.rotate({ kind: "llm_api_key", scope: LLM_KEY_SCOPE, value: key, createdBy: "test" });
    fake.script({ status: 401, error: { message: `Incorrect API key provided: ${key}.` } });
    const advice = await advisor().advise(riskyPayment());

    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(advice).toEqual({
      ok: false,
      error: { kind: "refused", message: "the model endpoint refused the request (HTTP 401 invalid_api_key)" },
    });
    expect(JSON.stringify(advice)).not.toContain(key.slice(8, 20));
  });
});
