import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("starts with nothing set: port 4000, embedded database and queue, Stripe's own API", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.STRIPE_API_BASE).toBe("https://api.stripe.com");
  });

  it("reads PORT, STRIPE_API_BASE and comma-separated secrets", () => {
    const config = loadConfig({
      PORT: "8080",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      STRIPE_WEBHOOK_SECRETS: "whsec_new_secret_1, whsec_old_secret_2",
    });
    expect(config.PORT).toBe(8080);
    expect(config.STRIPE_API_BASE).toBe("http://127.0.0.1:12111");
    expect(config.STRIPE_WEBHOOK_SECRETS).toEqual(["whsec_new_secret_1", "whsec_old_secret_2"]);
  });

  it.each([
    [{ PORT: "seventy" }, /^invalid setting PORT: /],
    [{ PORT: "70000" }, /^invalid setting PORT: /],
    [{ DATABASE_URL: "mysql://localhost/db" }, /^invalid setting DATABASE_URL: /],
    [{ STRIPE_SECRET_KEY: "pk_test_123" }, /^invalid setting STRIPE_SECRET_KEY: must start with sk_test_/],
    [{ STRIPE_WEBHOOK_SECRETS: "short" }, /^invalid setting STRIPE_WEBHOOK_SECRETS.0: each secret must be at least 8/],
    [{ LOG_LEVEL: "loud" }, /^invalid setting LOG_LEVEL: /],
    [{ TRUST_PROXY: "true" }, /^invalid setting TRUST_PROXY: trusting every peer/],
  ])("names the wrong setting in one line: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("trusts X-Forwarded-For from loopback proxies unless TRUST_PROXY says otherwise", () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8,loopback" }).TRUST_PROXY).toEqual(["10.0.0.0/8", "loopback"]);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
