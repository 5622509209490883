import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { HttpNopAdapter } from "./http-nop-adapter.js";
import { NopRequestError, NopRuleRefused } from "./nop-errors.js";

const secret = `whsec_${Buffer.from("unit-test-secret-0123456789abcdef").toString("base64")}`;
const ruleRefused = { error: { code: "rule_refused", rule: "CanVoidOffline", message: "order 1 is Paid" } };

/** A fake store answering from a script, recording what it was sent. */
function scripted(answers: (Response | Error)[]) {
  const seen: { url: string; headers: Headers; body: string }[] = [];
  const fetchFn: typeof fetch = async (url, init) => {
    seen.push({ url: String(url), headers: new Headers(init?.headers), body: String(init?.body) });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  };
  return { seen, fetchFn };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

function adapter(fetchFn: typeof fetch, delays: number[] = []) {
  return new HttpNopAdapter({
    baseUrl: "http://store.test/",
    secret,
    fetch: fetchFn,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => void delays.push(ms),
    random: () => 1,
  });
}

describe("HttpNopAdapter", () => {
  it("signs with the Standard Webhooks scheme at the plugin's path", async () => {
    const { seen, fetchFn } = scripted([json(409, ruleRefused)]);
    await adapter(fetchFn).voidOrder({ orderId: nopOrderId(1) }, { requestId: "req-1" });
    const [call] = seen;
    expect(call!.url).toBe("http://store.test/stripe-sidecar/api/v1/orders/void");
    const headers = Object.fromEntries(call!.headers.entries());
    expect(headers["webhook-id"]).toBe("req-1");
    expect(new Webhook(secret).verify(call!.body, headers)).toEqual({ orderId: 1 });
  });

  it("returns a rule refusal as a value naming the rule, without retrying", async () => {
    const { seen, fetchFn } = scripted([json(409, ruleRefused)]);
    const result = await adapter(fetchFn).voidOrder({ orderId: nopOrderId(1) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(NopRuleRefused);
      expect(result.error).toMatchObject({ rule: "CanVoidOffline" });
    }
    expect(seen).toHaveLength(1);
  });

  it("retries network errors and 5xx with exponential backoff, keeping the request id", async () => {
    const delays: number[] = [];
    const { seen, fetchFn } = scripted([
      new TypeError("fetch failed"),
      json(503, {}),
      json(502, {}),
      json(409, ruleRefused),
    ]);
    const result = await adapter(fetchFn, delays).voidOrder({ orderId: nopOrderId(1) });
    expect(result.ok).toBe(false);
    expect(delays).toEqual([100, 200, 400]);
    expect(new Set(seen.map((s) => s.headers.get("webhook-id"))).size).toBe(1);
  });

  it("throws NopRequestError for 401 and for answers that break the contract", async () => {
    const unauthorized = { error: { code: "unauthorized", rule: null, message: "no v1 signature matches" } };
    const a = scripted([json(401, unauthorized)]);
    await expect(adapter(a.fetchFn).voidOrder({ orderId: nopOrderId(1) })).rejects.toMatchObject({
      code: "unauthorized",
      status: 401,
      retryable: false,
    });
    const b = scripted([json(200, { order: { id: "not an order" } })]);
    const error = await adapter(b.fetchFn)
      .voidOrder({ orderId: nopOrderId(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NopRequestError);
    expect((error as NopRequestError).code).toBe("invalid_response");
    expect((error as Error).message).toContain("response.order");
  });

  it("derives the same request id for the same write and fresh ones for reads", async () => {
    const { seen, fetchFn } = scripted([
      json(409, ruleRefused),
      json(409, ruleRefused),
      json(404, { error: { code: "not_found", rule: null, message: "x" } }),
      json(404, { error: { code: "not_found", rule: null, message: "x" } }),
    ]);
    const nop = adapter(fetchFn);
    await nop.voidOrder({ orderId: nopOrderId(7) });
    await nop.voidOrder({ orderId: nopOrderId(7) });
    await nop.getOrder({ orderId: nopOrderId(7) });
    await nop.getOrder({ orderId: nopOrderId(7) });
    const ids = seen.map((s) => s.headers.get("webhook-id"));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[3]);
  });
});
