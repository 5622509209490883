import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { confirmInBrowser, requestOrderIntent } from "@nop-stripe/nop-simulator/plugin-checkout.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";
import { createStripeClient } from "../../sidecar/src/external-systems.js";
import { PermanentError } from "../../sidecar/src/jobs/permanent-error.js";
import { createLogger } from "../../sidecar/src/logger.js";
import { openSandboxSidecar, type SandboxSidecar } from "../../sidecar/src/sandbox/sandbox-sidecar.js";
import { secretKindNames } from "../../sidecar/src/vault/secret-kinds.js";
import { fingerprintOf } from "../../sidecar/src/vault/secret-metadata.js";
import { bearer, createTestToken } from "../support/api-tokens.js";
import { backends, type Isolated } from "../support/backends.js";
import { bridgeEnvelope, bridgeHeaders, stripeEvent, stripeSignature } from "../support/signing.js";
import { waitFor } from "../support/wait-for.js";
import { newMasterKey, newStandardWebhooksSecret, newStripeWebhookSecret } from "./vault-harness.js";

/**
 * Every secret the sidecar holds is set; requests are driven through the whole product, failures included; then
 * every log line (pino, at trace, with the production redaction), every HTTP and GraphQL answer, every error a
 * connector threw and the audit trail are searched for each secret's plaintext. None may contain one.
 */
describe.each(backends)("no secret in logs, answers or errors on $name", (backend) => {
  let app: SandboxSidecar;
  let isolated: Isolated;
  let url: string;
  const logs: string[] = [];
  const answers: string[] = [];
  const masterKey = newMasterKey();

  beforeAll(async () => {
    isolated = await backend.isolate();
    const config = {
      ...loadConfig({
        NODE_ENV: "test",
        VAULT_MASTER_KEY: masterKey,
        JOB_BACKOFF_BASE_MS: "20",
        JOB_MAX_ATTEMPTS: "2",
      }),
      ...isolated.overrides,
    };
    const capture = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("trace", capture);
    app = await openSandboxSidecar(config, logger, { sandbox: { wmsShipAfterMs: null, wmsDeliverAfterMs: null } });
    app.sidecar.startWorkers(4);
    url = await app.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await app?.close();
    await isolated?.cleanup();
  });

  /** Every plaintext in the vault, read the way the sidecar reads them, plus the master key. */
  const allSecrets = () => [
    masterKey,
    ...secretKindNames.flatMap((kind) => app.sidecar.vault.active(kind)),
    ...retired,
  ];
  const retired: string[] = [];

  const send = async (path: string, init: RequestInit) => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    answers.push(`${res.status} ${JSON.stringify(Object.fromEntries(res.headers))} ${text}`);
    return { status: res.status, text };
  };
  const graphql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    send("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
      body: JSON.stringify({ query, variables }),
    });

  it("drives payments, refusals, GraphQL errors and failing connectors, then finds no secret anywhere", async () => {
    const { vault } = app.sidecar;
    // Every kind holds a secret; the Stripe webhook secret is also rotated so an old and a new one are live.
    await vault.rotate({
      kind: "llm_api_key",
      scope: "openai",
      value: `sk-llm-${randomBytes(16).toString("hex")}`,
      createdBy: "test",
    });
    const stripeSecrets = vault.active("stripe_webhook_secret");
    const rotatedStripe = newStripeWebhookSecret();
    await vault.rotate({ kind: "stripe_webhook_secret", value: rotatedStripe, overlapSeconds: 600, createdBy: "test" });
    expect(vault.active("stripe_webhook_secret")).toEqual([rotatedStripe, ...stripeSecrets]);
    for (const kind of secretKindNames)
      expect(vault.active(kind, kind === "llm_api_key" ? "openai" : "")).not.toEqual([]);

    // A payment end to end: plugin request (bridge secret), Stripe call (API key), webhooks (endpoint secret),
    // write-backs (write-back secret), ERP and WMS (their keys).
    const order = app.sandbox.nop.placeOrder();
    const bridgeSecret = vault.active("bridge_secret")[0]!;
    const intentId = await requestOrderIntent(url, bridgeSecret, order.id);
    await confirmInBrowser(app.systems.stripe, intentId, "pm_card_visa");
    await waitFor(() => app.sandbox.erp.salesOrders().length > 0, { timeoutMs: 30_000 });
    // A second order gets its PaymentIntent now and is paid after the keys go bad (below).
    const second = app.sandbox.nop.placeOrder();
    const secondIntent = await requestOrderIntent(url, bridgeSecret, second.id);

    // Refusals: wrong signatures, and a confused client that sends the secret itself as the signature.
    const event = JSON.stringify(stripeEvent());
    const wrongStripe = stripeSignature(event, { secret: newStripeWebhookSecret() });
    expect((await send("/webhooks/stripe", post(event, { "stripe-signature": wrongStripe }))).status).toBe(400);
    const naive = `t=${Math.floor(Date.now() / 1000)},v1=${rotatedStripe}`;
    expect((await send("/webhooks/stripe", post(event, { "stripe-signature": naive }))).status).toBe(400);
    const envelope = bridgeEnvelope();
    const body = JSON.stringify(envelope);
    const wrongBridge = bridgeHeaders(envelope.id, body, { secret: newStandardWebhooksSecret() });
    expect((await send("/bridge/events", post(body, wrongBridge))).status).toBe(401);
    const naiveBridge = { ...wrongBridge, "webhook-signature": `v1,${bridgeSecret}` };
    expect((await send("/bridge/events", post(body, naiveBridge))).status).toBe(401);

    // GraphQL: rotations and listings as admin, as finance and without a token; a bad value; broken queries.
    const admin = await createTestToken(app.sidecar, "admin");
    const finance = await createTestToken(app.sidecar, "finance");
    const newBridge = newStandardWebhooksSecret();
    const refusedBridge = newStandardWebhooksSecret();
    retired.push(refusedBridge);
    const rotate = `mutation($secret: String!) {
      rotateSecret(kind: bridge_secret, secret: $secret, overlapSeconds: 600) { secret { id fingerprint last4 } replaced { id } } }`;
    for (const token of [undefined, finance]) {
      expect((await graphql(rotate, { secret: refusedBridge }, token)).text).toMatch(/"errors"/);
      expect(vault.active("bridge_secret")).not.toContain(refusedBridge);
    }
    expect((await graphql(rotate, { secret: newBridge }, admin)).text).toContain(fingerprintOf(newBridge));
    expect(vault.active("bridge_secret")).toContain(newBridge);
    // Refused values are secrets too (a real one pasted with a stray space, a publishable key in the wrong place).
    const padded = newStandardWebhooksSecret();
    const publishable = `pk_live_${randomBytes(16).toString("hex")}`;
    retired.push(padded, publishable);
    await graphql(rotate, { secret: `${padded} ` }, admin);
    await graphql(rotate.replace("bridge_secret", "stripe_api_key"), { secret: publishable }, admin);
    await graphql("{ secrets(includeExpired: true) { id kind scope fingerprint last4 status createdBy } }", {}, admin);
    await graphql("{ secrets { value } }", {}, admin);
    await graphql("mutation { expireSecret(id: 42) { id } }", {}, admin);

    // Failing connectors: the ERP and Stripe given keys they refuse; the errors thrown are kept.
    const errors: string[] = [];
    const goodErp = vault.current("erp_api_key")!;
    const goodStripe = vault.current("stripe_api_key")!;
    retired.push(goodErp, goodStripe);
    const badErp = `erp-${randomBytes(12).toString("hex")}`;
    const badStripe = `sk_live_${randomBytes(16).toString("hex")}`;
    await vault.rotate({ kind: "erp_api_key", value: badErp, overlapSeconds: 0, createdBy: "test" });
    await vault.rotate({ kind: "stripe_api_key", value: badStripe, overlapSeconds: 0, createdBy: "test" });
    retired.push(badErp, badStripe);
    for (const call of [() => app.systems.erp.listAccounts(), () => app.systems.stripe.balance.retrieve()]) {
      const error = (await call().then(
        () => undefined,
        (e: unknown) => e,
      )) as Error;
      expect(error).toBeInstanceOf(Error);
      errors.push(`${error.name} ${error.message} ${error.stack} ${JSON.stringify(error)}`);
    }
    // The customer pays the second order (the browser holds no secret key of ours); handling Stripe's webhook
    // now fails inside a job, and the job runner logs why.
    await confirmInBrowser(createStripeClient(goodStripe, app.sandbox.stripe.url), secondIntent, "pm_card_visa");
    await waitFor(() => logs.some((line) => line.includes("job failed, will retry")), { timeoutMs: 30_000 });
    // And a plugin asking for a third order's PaymentIntent gets an error answer.
    const third = app.sandbox.nop.placeOrder();
    const intentRefused = await send("/bridge/payments/order-intent", signedBridge(bridgeSecret, third.id));
    expect(intentRefused.status).toBeGreaterThanOrEqual(400);

    // An upstream that quotes back the credential it was sent (some do, in their error bodies): the failure is
    // logged, kept in the attempt history and dead-lettered, and shown to an admin.
    const echoed = vault.current("wms_api_key")!;
    app.sidecar.runner.register("test.upstream-echo", async () => {
      throw new PermanentError(`upstream refused: invalid key ${echoed} (${JSON.stringify({ key: echoed })})`);
    });
    await app.sidecar.queue.enqueue([
      { id: `echo-${randomBytes(4).toString("hex")}`, name: "test.upstream-echo", data: {} },
    ]);
    const deadLetters = `{ deadLetters(first: 50) { edges { node { jobName error attempts { error } } } } }`;
    await waitFor(async () => (await graphql(deadLetters, {}, admin)).text.includes("test.upstream-echo"), {
      timeoutMs: 30_000,
    });
    expect(answers.at(-1)).toContain("upstream refused: invalid key [redacted]");

    // Refused deliveries are logged (throttled), so a sender with a wrong secret is visible: by reason, no secret.
    const refusals = logs.filter((line) => line.includes("event refused"));
    expect(refusals.map((line) => JSON.parse(line)).map(({ source, reason }) => `${source}:${reason}`)).toEqual(
      expect.arrayContaining(["stripe:bad_signature", "bridge:bad_signature"]),
    );

    const audit = JSON.stringify(
      (await app.sidecar.db.prisma.auditEntry.findMany()).map(({ id: _id, ...entry }) => entry),
    );
    const haystacks = { logs: logs.join(""), answers: answers.join("\n"), errors: errors.join("\n"), audit };
    expect(logs.length).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(8);
    const secrets = allSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    for (const secret of secrets)
      for (const [where, text] of Object.entries(haystacks))
        expect(text.includes(secret), `a secret ending ${secret.slice(-4)} appeared in ${where}`).toBe(false);
  });
});

function post(body: string, headers: Record<string, string>): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json", ...headers }, body };
}

/** The plugin's order-intent request, signed as requestOrderIntent signs it, kept here to see the error answer. */
function signedBridge(secret: string, orderId: number): RequestInit {
  const body = JSON.stringify({ orderId });
  return post(body, bridgeHeaders(`msg_${randomBytes(8).toString("hex")}`, body, { secret }));
}
