import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprintOf } from "../../sidecar/src/vault/secret-metadata.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { newStripeWebhookSecret, post, startVaultSidecar, type VaultSidecar } from "./vault-harness.js";

interface SecretView {
  id: string;
  kind: string;
  status: string;
  fingerprint: string;
  last4: string;
  expiresAt: string | null;
  createdBy: string;
}
const fields = "id kind status fingerprint last4 expiresAt createdBy";
const rotate = `mutation($kind: SecretKind!, $secret: String!, $overlap: Int) {
  rotateSecret(kind: $kind, secret: $secret, overlapSeconds: $overlap) { secret { ${fields} } replaced { ${fields} } } }`;
const list = `query($all: Boolean) { secrets(kind: stripe_webhook_secret, includeExpired: $all) { ${fields} } }`;
const expire = `mutation($id: ID!) { expireSecret(id: $id) { ${fields} } }`;

describe.each(backends)("secrets over GraphQL on $name", (backend) => {
  let t: VaultSidecar;
  let admin: string;
  let finance: string;
  const [old, next] = [newStripeWebhookSecret(), newStripeWebhookSecret()];

  beforeAll(async () => {
    t = await startVaultSidecar(backend);
    admin = await createTestToken(t.sidecar, "admin");
    finance = await createTestToken(t.sidecar, "finance");
  });
  afterAll(() => t?.close());

  const sendStripe = (secret: string) => {
    const body = JSON.stringify(stripeEvent());
    return post(`${t.url}/webhooks/stripe`, body, { "stripe-signature": stripeSignature(body, { secret }) });
  };

  it("an admin rotates a webhook secret: metadata only comes back, and both secrets verify during the overlap", async () => {
    await graphqlAs(t.url, admin, rotate, { kind: "stripe_webhook_secret", secret: old, overlap: 0 });
    const rotated = await graphqlAs<{ rotateSecret: { secret: SecretView; replaced: SecretView[] } }>(
      t.url,
      admin,
      rotate,
      { kind: "stripe_webhook_secret", secret: next, overlap: 3600 },
    );
    expect(rotated.body.errors).toBeUndefined();
    const { secret, replaced } = rotated.body.data!.rotateSecret;
    expect(secret).toMatchObject({ status: "active", fingerprint: fingerprintOf(next), last4: next.slice(-4) });
    expect(secret.createdBy).toMatch(/^token:/);
    expect(replaced).toEqual([expect.objectContaining({ fingerprint: fingerprintOf(old), status: "retiring" })]);
    expect(JSON.stringify(rotated.body)).not.toContain(next);
    expect((await sendStripe(next)).status).toBe(200);
    expect((await sendStripe(old)).status).toBe(200);

    const listed = await graphqlAs<{ secrets: SecretView[] }>(t.url, admin, list);
    expect(listed.body.data!.secrets.map((s) => [s.fingerprint, s.status])).toEqual([
      [fingerprintOf(next), "active"],
      [fingerprintOf(old), "retiring"],
    ]);
  });

  it("expireSecret refuses the old secret at once; an unknown id is NOT_FOUND", async () => {
    const listed = await graphqlAs<{ secrets: SecretView[] }>(t.url, admin, list);
    const oldId = listed.body.data!.secrets.find((s) => s.fingerprint === fingerprintOf(old))!.id;
    const expired = await graphqlAs<{ expireSecret: SecretView }>(t.url, admin, expire, { id: oldId });
    expect(expired.body.data!.expireSecret.status).toBe("expired");
    expect((await sendStripe(old)).status).toBe(400);
    expect((await sendStripe(next)).status).toBe(200);
    const all = await graphqlAs<{ secrets: SecretView[] }>(t.url, admin, list, { all: true });
    expect(all.body.data!.secrets).toHaveLength(2);

    const missing = await graphqlAs(t.url, admin, expire, { id: "5d2f8a61-0000-4000-8000-000000000000" });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("a bad value is BAD_USER_INPUT naming the rule, never the value, and stores nothing", async () => {
    const before = await t.sidecar.db.prisma.vaultSecret.count();
    const value = "pk_test_publishable_key_0001";
    const refused = await graphqlAs(t.url, admin, rotate, { kind: "stripe_api_key", secret: value });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.body.errors?.[0]?.message).toContain("must be a Stripe secret or restricted key");
    expect(JSON.stringify(refused.body)).not.toContain(value);
    expect(await t.sidecar.db.prisma.vaultSecret.count()).toBe(before);
  });

  it("an overlap beyond ten years is BAD_USER_INPUT, the limit the command line has, and stores nothing", async () => {
    const before = await t.sidecar.db.prisma.vaultSecret.count();
    const refused = await graphqlAs(t.url, admin, rotate, {
      kind: "stripe_webhook_secret",
      secret: newStripeWebhookSecret(),
      overlap: 2_147_483_647,
    });
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: "overlapSeconds must be at most 315360000 (3650 days, ten years)",
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
      }),
    ]);
    expect(await t.sidecar.db.prisma.vaultSecret.count()).toBe(before);
  });

  it("only admins: a finance token and no token change nothing", async () => {
    const before = await t.sidecar.db.prisma.vaultSecret.count();
    const value = newStripeWebhookSecret();
    const asFinance = await graphqlAs(t.url, finance, rotate, { kind: "stripe_webhook_secret", secret: value });
    expect(asFinance.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await graphqlAs(t.url, finance, list)).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await graphqlAs(t.url, null, rotate, { kind: "stripe_webhook_secret", secret: value });
    expect(anonymous.status).toBe(401);
    expect(await t.sidecar.db.prisma.vaultSecret.count()).toBe(before);
    expect(JSON.stringify([asFinance.body, anonymous.body])).not.toContain(value);
  });

  it("every rotation is in the audit trail with the secret redacted", async () => {
    const entries = await t.sidecar.db.prisma.auditEntry.findMany({ where: { action: "graphql:rotateSecret" } });
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(entries.map(({ id: _id, ...e }) => e));
    for (const secret of [old, next, "pk_test_publishable_key_0001"]) expect(text).not.toContain(secret);
  });
});
