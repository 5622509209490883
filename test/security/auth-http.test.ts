import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";

const mutation = `mutation { createApiToken(name: "should not exist", role: admin) { token } }`;

describe.each(backends)("authentication at the HTTP edge on $name", (backend) => {
  let t: TestSidecar;
  let expired: string;
  let revoked: string;
  beforeAll(async () => {
    t = await startTestSidecar(backend, {}, { workers: false });
    expired = await createTestToken(t.sidecar, "admin", { expiresAt: new Date(Date.now() + 300) });
    revoked = await createTestToken(t.sidecar, "admin");
    // Revoked by its displayed prefix, as `sidecar token revoke nss_…` does.
    expect((await t.sidecar.tokens.revoke(revoked.slice(0, 12))).kind).toBe("revoked");
    await new Promise((r) => setTimeout(r, 400)); // let the short-lived token expire
  });
  afterAll(() => t?.close());

  const tokenCount = () => t.sidecar.db.prisma.apiToken.count();

  const presented: [string, () => string | null, "missing" | "invalid"][] = [
    ["no Authorization header", () => null, "missing"],
    ["a malformed token", () => "nss_not-a-token", "invalid"],
    ["a well-formed unknown token", () => `nss_${"A".repeat(43)}`, "invalid"],
    ["an expired token", () => expired, "invalid"],
    ["a revoked token", () => revoked, "invalid"],
  ];
  it.each(presented)("POST /graphql with %s is 401, with a challenge, and runs nothing", async (_name, token, kind) => {
    const before = await tokenCount();
    const res = await graphqlAs(t.url, token(), mutation);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(
      kind === "missing" ? /^Bearer realm="nop-stripe-sidecar"$/ : /^Bearer .*error="invalid_token"/,
    );
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // A newcomer in GraphiQL without the first-start link learns how to get and send a token, by a way that works
    // while the sidecar runs (the bare `sidecar` CLI is not on the PATH in a checkout).
    if (kind === "missing") {
      const message = res.body.errors?.[0]?.message;
      expect(message).toContain('Headers as {"Authorization": "Bearer <token>"}');
      expect(message).toContain('while the sidecar runs with mutation { createApiToken(name: "ci", role: finance)');
      expect(message).toContain("`npm run sidecar -- token create --name ci --role finance`");
      expect(message).toContain("on the embedded database once the sidecar is stopped");
    }
    expect(await tokenCount()).toBe(before);
  });

  it("accepts the scheme case-insensitively and refuses other schemes", async () => {
    const lower = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `bearer ${t.adminToken}` },
      body: JSON.stringify({ query: "{ queueHealth { backend } }" }),
    });
    expect(lower.status).toBe(200);
    const basic = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${t.adminToken}` },
      body: JSON.stringify({ query: "{ queueHealth { backend } }" }),
    });
    expect(basic.status).toBe(401);
  });

  it("GET /graphql queries need a token too; the GraphiQL page does not, and holds none", async () => {
    const query = encodeURIComponent("{ queueHealth { backend } }");
    const anonymous = await fetch(`${t.url}/graphql?query=${query}`, { headers: { accept: "application/json" } });
    expect(anonymous.status).toBe(401);
    const signedIn = await fetch(`${t.url}/graphql?query=${query}`, {
      headers: { accept: "application/json", "x-graphql-yoga-csrf": "1", ...bearer(t.adminToken) },
    });
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { data: unknown }).data).toEqual({
      queueHealth: { backend: t.sidecar.queue.backend },
    });

    const page = await fetch(`${t.url}/graphql?query=${query}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // Booleans, not matchers on the 9 MB page, so a failure message stays readable.
    const has = (text: string) => html.includes(text);
    expect(has("renderYogaGraphiQL(")).toBe(true);
    expect(has('"queueHealth"')).toBe(false);
    expect(/nss_[A-Za-z0-9_-]{43}/.test(html)).toBe(false);
    // The fragment's token becomes GraphiQL's headers in the browser: the script reads location.hash before
    // GraphiQL renders, and the options GraphiQL gets refer to what it found.
    expect(html.indexOf("location.hash")).toBeGreaterThan(-1);
    expect(html.indexOf("location.hash")).toBeLessThan(html.indexOf("renderYogaGraphiQL("));
    expect(has('"headers":window.sidecarGraphiqlHeaders.editor')).toBe(true);
    expect(has('"additionalHeaders":window.sidecarGraphiqlHeaders.request')).toBe(true);
    expect(has('"shouldPersistHeaders":false')).toBe(true);
    expect(has("history.replaceState(null")).toBe(true);
  });

  it("/metrics needs an all-stores token; /healthz and /readyz stay open and say nothing sensitive", async () => {
    const anonymous = await fetch(`${t.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await anonymous.json()).toEqual({ error: { reason: "unauthenticated", message: expect.any(String) } });
    const reader = await createTestToken(t.sidecar, "read_only");
    const metrics = await fetch(`${t.url}/metrics`, { headers: bearer(reader) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("sidecar_queue_depth");
    const storeLimited = await createTestToken(t.sidecar, "finance", { storeIds: [2] });
    const refused = await fetch(`${t.url}/metrics`, { headers: bearer(storeLimited) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { reason: "forbidden", message: expect.any(String) } });

    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({ status: "ready", database: "ok", queue: "ok" });
  });

  it("signed routes stay signature-verified and need no token", async () => {
    const body = JSON.stringify(stripeEvent({ id: "evt_auth_edge_1" }));
    const signed = await fetch(`${t.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": stripeSignature(body) },
      body,
    });
    expect(signed.status).toBe(200);
    const tokenInstead = await fetch(`${t.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(t.adminToken) },
      body,
    });
    expect(tokenInstead.status).toBe(400);
  });

  it("records lastUsedAt on use, without a write per request", async () => {
    const token = await createTestToken(t.sidecar, "reviewer", { name: "touch test" });
    const row = () => t.sidecar.db.prisma.apiToken.findFirstOrThrow({ where: { name: "touch test" } });
    expect((await row()).lastUsedAt).toBeNull();
    await graphqlAs(t.url, token, "{ queueHealth { backend } }");
    const first = (await row()).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await graphqlAs(t.url, token, "{ queueHealth { backend } }");
    expect((await row()).lastUsedAt).toEqual(first);
  });
});
