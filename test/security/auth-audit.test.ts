import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../graphql/schema.js";
import { ApiTokens } from "../../sidecar/src/auth/api-tokens.js";
import { openDatabase } from "../../sidecar/src/db/database.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";

interface Entry {
  id: string;
  actor: string;
  actorName: string;
  action: string;
  target: string | null;
  detail: { args: Record<string, unknown> };
  origin: string;
  outcome: string;
  error: string | null;
}
interface Page {
  auditEntries: { edges: { node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const entriesQuery = `query($actor: String, $action: String, $first: Int, $after: String) {
  auditEntries(actor: $actor, action: $action, first: $first, after: $after) {
    edges { node { id actor actorName action target detail origin outcome error } }
    pageInfo { hasNextPage endCursor } } }`;
const missingId = "00000000-0000-4000-8000-999999999999";

describe.each(backends)("audit log and token management on $name", (backend) => {
  let t: TestSidecar;
  let adminId: string;
  const entries = async (variables: Record<string, unknown>) => {
    const { body } = await graphqlAs<Page>(t.url, t.adminToken, entriesQuery, variables);
    expect(body.errors).toBeUndefined();
    return body.data!.auditEntries;
  };
  beforeAll(async () => {
    t = await startTestSidecar(backend, {}, { workers: false });
    adminId = (await t.sidecar.tokens.list()).find((k) => t.adminToken.startsWith(k.prefix))!.id;
  });
  afterAll(() => t?.close());

  it("records a mutation that ran: who, what, target, arguments, client address, ok", async () => {
    const res = await graphqlAs(t.url, t.adminToken, `mutation { replayDeadLetter(id: "${missingId}") { replayed } }`);
    expect(res.body.data).toEqual({ replayDeadLetter: { replayed: false } });
    const [entry] = (await entries({ action: "graphql:replayDeadLetter" })).edges.map((e) => e.node);
    expect(entry).toMatchObject({
      actor: `token:${adminId}`,
      actorName: "test admin",
      target: missingId,
      detail: { args: { id: missingId } },
      outcome: "ok",
      error: null,
    });
    expect(entry?.origin).toMatch(/127\.0\.0\.1$/);
  });

  it("records a failed mutation and a refused one as errors", async () => {
    const failed = await graphqlAs(t.url, t.adminToken, `mutation { revokeApiToken(id: "${missingId}") { id } }`);
    expect(failed.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const [revoke] = (await entries({ action: "graphql:revokeApiToken" })).edges.map((e) => e.node);
    expect(revoke).toMatchObject({ outcome: "error", error: `no token ${missingId}`, target: missingId });

    const reviewer = await createTestToken(t.sidecar, "reviewer", { name: "nosy reviewer" });
    const refused = await graphqlAs(
      t.url,
      reviewer,
      `mutation { createApiToken(name: "mine", role: admin) { token } }`,
    );
    expect(refused.body.data).toBeNull();
    const [create] = (await entries({ action: "graphql:createApiToken" })).edges.map((e) => e.node);
    expect(create).toMatchObject({ actorName: "nosy reviewer", outcome: "error", detail: { args: { name: "mine" } } });
    expect(create?.error).toContain("not allowed");
    expect(await t.sidecar.db.prisma.apiToken.count({ where: { name: "mine" } })).toBe(0);
  });

  it("audits a refused mutation's 95 KB argument as its start and length, not 95 KB", async () => {
    const reader = await createTestToken(t.sidecar, "read_only", { name: "flooding reader" });
    const name = "N".repeat(95_000);
    const refused = await graphqlAs(
      t.url,
      reader,
      `mutation($name: String!) { createApiToken(name: $name, role: admin) { token } }`,
      { name },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const stored = await t.sidecar.db.prisma.auditEntry.findFirstOrThrow({
      where: { actorName: "flooding reader", action: "graphql:createApiToken" },
    });
    expect(JSON.stringify({ ...stored, id: String(stored.id) }).length).toBeLessThan(1024);
    expect(stored.detail).toEqual({ args: { name: `${"N".repeat(64)}… (95000 characters)`, role: "admin" } });
  });

  it("refuses a token name that holds a credential, so no live token or key is stored in plaintext", async () => {
    const live = await createTestToken(t.sidecar, "read_only", { name: "pasted by mistake" });
    for (const name of [live, `ci ${live}`, `stripe sk_live_${randomBytes(12).toString("hex")}`]) {
      const refused = await graphqlAs(
        t.url,
        t.adminToken,
        `mutation($name: String!) { createApiToken(name: $name, role: read_only) { token } }`,
        { name },
      );
      expect(refused.body.errors?.[0]).toMatchObject({
        message: "name: name must not contain a token, key or secret: name what uses it",
        extensions: { code: "BAD_USER_INPUT" },
      });
      expect(await t.sidecar.db.prisma.apiToken.count({ where: { name } })).toBe(0);
    }
    const listed = await graphqlAs<{ apiTokens: { name: string }[] }>(t.url, t.adminToken, "{ apiTokens { name } }");
    expect(JSON.stringify(listed.body)).not.toContain(live);
    const [audited] = (await entries({ action: "graphql:createApiToken" })).edges.map((e) => e.node);
    expect(audited?.outcome).toBe("error");
    expect(JSON.stringify(audited)).not.toMatch(/nss_|sk_live_/);
  });

  it("createApiToken shows the token once; it works, lists without it, and revokeApiToken shuts it out", async () => {
    const created = await graphqlAs<{ createApiToken: { token: string; apiToken: { id: string; prefix: string } } }>(
      t.url,
      t.adminToken,
      `mutation { createApiToken(name: "dashboard", role: read_only, storeIds: [3, 1, 3]) {
         token apiToken { id prefix } } }`,
    );
    const { token, apiToken } = created.body.data!.createApiToken;
    expect(token).toMatch(/^nss_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const row = await t.sidecar.db.prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.storeIds).toEqual([1, 3]);

    const [audited] = (await entries({ action: "graphql:createApiToken", actor: `token:${adminId}` })).edges.map(
      (e) => e.node,
    );
    expect(audited).toMatchObject({ target: apiToken.id, outcome: "ok" });
    expect(JSON.stringify(audited)).not.toContain(token);

    const listed = await graphqlAs<{ apiTokens: Record<string, unknown>[] }>(
      t.url,
      t.adminToken,
      "{ apiTokens { id prefix name storeIds } }",
    );
    expect(listed.body.data?.apiTokens).toContainEqual({
      id: apiToken.id,
      prefix: apiToken.prefix,
      name: "dashboard",
      storeIds: [1, 3],
    });
    expect(Object.keys((schema.getType("ApiToken") as unknown as { getFields(): object }).getFields())).not.toContain(
      "tokenHash",
    );

    expect((await graphqlAs(t.url, token, "{ orders(first: 1) { edges { node { id } } } }")).status).toBe(200);
    const revoked = await graphqlAs(
      t.url,
      t.adminToken,
      `mutation { revokeApiToken(id: "${apiToken.prefix}") { revokedAt } }`,
    );
    expect(revoked.body.errors).toBeUndefined();
    expect((await graphqlAs(t.url, token, "{ orders(first: 1) { edges { node { id } } } }")).status).toBe(401);
  });

  it("refuses bad token requests with a clear error and creates nothing", async () => {
    const before = await t.sidecar.db.prisma.apiToken.count();
    for (const args of [
      `name: "x", role: admin, storeIds: [1]`,
      `name: " ", role: finance`,
      `name: "x", role: finance, storeIds: [0]`,
      `name: "x", role: finance, expiresAt: "2000-01-01T00:00:00Z"`,
    ]) {
      const res = await graphqlAs(t.url, t.adminToken, `mutation { createApiToken(${args}) { token } }`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    expect(await t.sidecar.db.prisma.apiToken.count()).toBe(before);
  });

  it("refuses an expiry more than ten years ahead, the limit the command line has", async () => {
    const res = await graphqlAs(
      t.url,
      t.adminToken,
      `mutation { createApiToken(name: "forever", role: finance, expiresAt: "9999-12-31T00:00:00Z") { token } }`,
    );
    expect(res.body.errors?.[0]?.message).toBe("expiresAt must be at most 3650 days (ten years) ahead");
  });

  it("records a token's expiry as its ISO date", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await graphqlAs(
      t.url,
      t.adminToken,
      `mutation($at: DateTime) { createApiToken(name: "dated", role: finance, expiresAt: $at) { token } }`,
      { at: expiresAt },
    );
    expect(res.body.errors).toBeUndefined();
    const [entry] = (await entries({ action: "graphql:createApiToken" })).edges.map((e) => e.node);
    expect(entry?.detail.args).toMatchObject({ name: "dated", expiresAt });
  });

  it("redacts on read a value stored in clear that has since become a vault secret", async () => {
    // No credential shape (those are redacted on write): only the vault can tell it is a secret.
    const value = `endpoint-${randomBytes(24).toString("hex")}`;
    await graphqlAs(t.url, t.adminToken, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: value });
    const stored = await t.sidecar.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "graphql:revokeApiToken" },
      orderBy: { id: "desc" },
    });
    expect(stored.target).toBe(value); // not a secret when it was written

    await t.sidecar.vault.rotate({ kind: "stripe_webhook_secret", value, createdBy: "test" });
    const [entry] = (await entries({ action: "graphql:revokeApiToken" })).edges.map((e) => e.node);
    expect(entry).toMatchObject({
      id: String(stored.id),
      target: "[redacted]",
      detail: { args: { id: "[redacted]" } },
    });
    expect(JSON.stringify(entry)).not.toContain(value);
  });

  it("records the first-start admin token as the system's act, once", async () => {
    const isolated = await backend.isolate();
    const db = await openDatabase({
      databaseUrl: isolated.overrides.DATABASE_URL,
      dataDir: isolated.overrides.DATA_DIR!,
    });
    try {
      const tokens = new ApiTokens(db.prisma);
      const created = await tokens.createInitialAdmin();
      if (!created?.ok) throw new Error("no initial admin token was created");
      expect(await tokens.createInitialAdmin()).toBeNull();
      const trail = await db.prisma.auditEntry.findMany();
      expect(trail).toEqual([
        expect.objectContaining({
          actor: "system",
          action: "token:create",
          target: created.info.id,
          detail: {
            name: "initial admin",
            role: "admin",
            storeIds: [],
            expiresAt: null,
            createdBy: "system",
            prefix: created.info.prefix,
          },
          outcome: "ok",
        }),
      ]);
      expect(JSON.stringify(trail.map(({ id: _id, ...entry }) => entry))).not.toContain(created.token);
    } finally {
      await db.close();
      await isolated.cleanup();
    }
  });

  it("pages through the audit trail newest first with a cursor", async () => {
    const all = (await entries({ first: 200 })).edges.map((e) => e.node.id);
    expect(all.length).toBeGreaterThanOrEqual(6);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page["auditEntries"] = await entries({ first: 2, after });
      paged.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect([...all].sort((a, b) => Number(b) - Number(a))).toEqual(all);
  });
});
