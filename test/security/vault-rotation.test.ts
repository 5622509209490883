import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ErpSimulator, startErpSimulator } from "@nop-stripe/erp-simulator/index.js";
import { type StripeEmulator, startStripeEmulator } from "@nop-stripe/stripe-emulator/index.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExternalSystems } from "../../sidecar/src/external-systems.js";
import { ConnectorRejected } from "../../sidecar/src/ports/connector-errors.js";
import type { Vault } from "../../sidecar/src/vault/vault.js";
import { openVaultSession, type VaultSession } from "../../sidecar/src/vault/vault-session.js";
import { backends } from "../support/backends.js";
import { bridgeEnvelope, bridgeHeaders, stripeEvent, stripeSignature } from "../support/signing.js";
import {
  newMasterKey,
  newStandardWebhooksSecret,
  newStripeWebhookSecret,
  post,
  startVaultSidecar,
  type VaultSidecar,
} from "./vault-harness.js";

/** Sleeps until a moment has passed (a rotation's overlap ending). */
const until = (at: Date) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 20));

describe.each(backends)("secret rotation without a restart on $name", (backend) => {
  let t: VaultSidecar;
  /**
   * Where rotations are made. On PostgreSQL: another vault on the same database, as the CLI or another web
   * process would be, so the sidecar sees them only through its refresh. Embedded: the sidecar's own vault (its
   * database belongs to one process).
   */
  let elsewhere: VaultSession | undefined;
  let rotator: Vault;
  const env = { VAULT_MASTER_KEY: newMasterKey() };

  beforeAll(async () => {
    t = await startVaultSidecar(backend, { env });
    if (backend.name !== "embedded") elsewhere = await openVaultSession(t.config, pino({ level: "silent" }));
    rotator = elsewhere?.vault ?? t.sidecar.vault;
  });
  afterAll(async () => {
    await elsewhere?.close();
    await t?.close();
  });

  const sendStripe = (secret: string) => {
    const body = JSON.stringify(stripeEvent());
    return post(`${t.url}/webhooks/stripe`, body, { "stripe-signature": stripeSignature(body, { secret }) });
  };
  const sendBridge = (secret: string) => {
    const envelope = bridgeEnvelope();
    const body = JSON.stringify(envelope);
    return post(`${t.url}/bridge/events`, body, bridgeHeaders(envelope.id, body, { secret }));
  };

  /** Stores `old`, then rotates to `next` with an overlap: both must verify. Returns the replaced secret. */
  async function rotateWithOverlap(
    kind: "stripe_webhook_secret" | "bridge_secret",
    [old, next]: [string, string],
    send: (secret: string) => Promise<{ status: number }>,
    overlapSeconds: number,
  ) {
    await rotator.rotate({ kind, value: old, overlapSeconds: 0, createdBy: "test" });
    await expectEventually(() => send(old), 200);
    const { replaced } = await rotator.rotate({ kind, value: next, overlapSeconds, createdBy: "test" });
    await expectEventually(() => send(next), 200);
    expect((await send(old)).status).toBe(200);
    return replaced[0]!;
  }

  it("a new Stripe webhook secret is accepted alongside the old one during the overlap, the old one refused after", async () => {
    const [old, next] = [newStripeWebhookSecret(), newStripeWebhookSecret()];
    const replaced = await rotateWithOverlap("stripe_webhook_secret", [old, next], sendStripe, 2);
    await until(replaced.expiresAt!);
    const refused = await sendStripe(old);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("bad_signature");
    expect((await sendStripe(next)).status).toBe(200);
  });

  it("a new bridge secret likewise, and expiring the old one at once refuses it at once", async () => {
    const [old, next] = [newStandardWebhooksSecret(), newStandardWebhooksSecret()];
    const replaced = await rotateWithOverlap("bridge_secret", [old, next], sendBridge, 3600);
    await rotator.expire(replaced.id);
    await expectEventually(() => sendBridge(old), 401);
    expect((await sendBridge(next)).status).toBe(200);
  });
});

describe.each(backends)("credentials the sidecar sends, rotated on $name", (backend) => {
  let t: VaultSidecar;
  let stripe: StripeEmulator;
  let erp: ErpSimulator;
  let proxy: RecordingProxy;
  let systems: ReturnType<typeof createExternalSystems>;
  const erpKey = "erp-key-accepted-0001";

  beforeAll(async () => {
    t = await startVaultSidecar(backend, { env: { VAULT_MASTER_KEY: newMasterKey() } });
    stripe = await startStripeEmulator();
    erp = await startErpSimulator({ apiKey: erpKey });
    proxy = await startRecordingProxy(stripe.url);
    const { vault } = t.sidecar;
    const seed: [Parameters<Vault["rotate"]>[0]["kind"], string][] = [
      ["stripe_api_key", "sk_test_first_key_0000000001"],
      ["nop_writeback_secret", newStandardWebhooksSecret()],
      ["erp_api_key", "erp-key-stale-0000"],
      ["wms_api_key", "wms-key-unused-0001"],
    ];
    for (const [kind, value] of seed) await vault.rotate({ kind, value, createdBy: "test" });
    const config = { ...t.config, STRIPE_API_BASE: proxy.url, NOP_URL: erp.url, ERP_URL: erp.url, WMS_URL: erp.url };
    systems = createExternalSystems(config, pino({ level: "silent" }), vault);
  });
  afterAll(async () => {
    await proxy?.close();
    await erp?.close();
    await stripe?.close();
    await t?.close();
  });

  it("the next Stripe request carries the rotated API key", async () => {
    await systems.stripe.customers.create({ email: "before@example.com" });
    expect(proxy.keys.at(-1)).toBe("sk_test_first_key_0000000001");

    await t.sidecar.vault.rotate({ kind: "stripe_api_key", value: "sk_test_second_key_000000002", createdBy: "test" });
    const customer = await systems.stripe.customers.create({ email: "after@example.com" });
    expect(customer.email).toBe("after@example.com");
    expect(proxy.keys.at(-1)).toBe("sk_test_second_key_000000002");
    expect(proxy.keys.filter((k) => k === "sk_test_first_key_0000000001")).toHaveLength(1);
  });

  it("the next ERP request carries the rotated key: refused with the stale one, accepted with the new one", async () => {
    const refused = await systems.erp.listAccounts().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectorRejected);
    expect((refused as ConnectorRejected).status).toBe(401);
    await t.sidecar.vault.rotate({ kind: "erp_api_key", value: erpKey, createdBy: "test" });
    expect(await systems.erp.listAccounts()).not.toHaveLength(0);
  });
});

async function expectEventually(send: () => Promise<{ status: number }>, status: number) {
  const deadline = Date.now() + 10_000;
  let last = await send();
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await send();
  }
  expect(last.status).toBe(status);
}

interface RecordingProxy {
  url: string;
  /** The API key of every request, in order (the emulator accepts any test key, so the test watches the wire). */
  keys: string[];
  close(): Promise<void>;
}

/** Forwards every request unchanged to `target` and records the bearer key it carried. */
async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const keys: string[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    keys.push((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
