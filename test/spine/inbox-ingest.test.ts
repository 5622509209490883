import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxEvent } from "../../sidecar/src/inbox/inbox-event.js";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { bridgeEnvelope, bridgeHeaders, stripeEvent, stripeOldSecret, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

describe.each(backends)("inbox ingest on $name", (backend) => {
  let t: TestSidecar;
  const handled: InboxEvent[] = [];

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      {},
      {
        configure: (s) => {
          s.handlers.on("stripe", "payment_intent.succeeded", async (e) => void handled.push(e));
          s.handlers.on("bridge", "order.placed", async (e) => void handled.push(e));
        },
      },
    );
  });
  afterAll(() => t?.close());

  const inboxCount = (eventId: string) => t.sidecar.db.prisma.inboxEvent.count({ where: { eventId } });
  const totals = async () => ({
    inbox: await t.sidecar.db.prisma.inboxEvent.count(),
    queued: Object.values(await t.sidecar.queue.counts()).reduce((a, b) => a + b, 0),
  });
  /** Totals once the jobs of earlier tests have drained, so a refusal's effect (none) is all that can change them. */
  const settledTotals = () =>
    waitFor(async () => {
      const now = await totals();
      return now.queued === 0 ? now : undefined;
    });

  const postStripe = (body: string, signature?: string) => {
    const req = request(t.url).post("/webhooks/stripe").set("content-type", "application/json");
    return (signature === undefined ? req : req.set("stripe-signature", signature)).send(body);
  };

  it("stores a signed Stripe event once, processes it once, and acknowledges a redelivery as duplicate", async () => {
    const event = stripeEvent();
    const body = JSON.stringify(event);
    const first = await postStripe(body, stripeSignature(body));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: true, duplicate: false });

    const again = await postStripe(body, stripeSignature(body)); // Stripe re-signs every delivery
    expect(again.status).toBe(200);
    // The redelivery is answered with the stored event's id, as the first delivery was.
    expect(again.body).toEqual({ received: true, duplicate: true, inboxId: first.body.inboxId });

    await waitFor(async () => (await t.sidecar.inbox.get(first.body.inboxId))?.status === "processed");
    expect(await inboxCount(event.id)).toBe(1);
    expect(handled.filter((e) => e.eventId === event.id)).toHaveLength(1);
    const stored = await t.sidecar.inbox.get(first.body.inboxId);
    expect(stored?.payload).toEqual(event);
    expect(stored?.occurredAt?.getTime()).toBe(event.created * 1000);
  });

  it("accepts a delivery signed with the previous secret during rotation", async () => {
    const body = JSON.stringify(stripeEvent());
    const res = await postStripe(body, stripeSignature(body, { secret: stripeOldSecret }));
    expect(res.status).toBe(200);
  });

  it("processes 100 concurrent deliveries of 20 events as 20 events", async () => {
    const events = Array.from({ length: 20 }, () => stripeEvent());
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const body = JSON.stringify(events[i % 20]);
        return postStripe(body, stripeSignature(body));
      }),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(20);
    // Every delivery of an event, whether it shared a batch with the first or came later, answers its one inbox id.
    const answered = events.map((_, e) => new Set(results.filter((_, i) => i % 20 === e).map((r) => r.body.inboxId)));
    expect(answered.every((ids) => ids.size === 1 && typeof [...ids][0] === "string")).toBe(true);
    const ids = new Set(events.map((e) => e.id));
    await waitFor(() => handled.filter((e) => ids.has(e.eventId)).length === 20);
    for (const e of events) expect(await inboxCount(e.id)).toBe(1);
  });

  it("stores an event type nobody handles and marks it ignored, not failed", async () => {
    const body = JSON.stringify(stripeEvent({ type: "customer.tax_id.created" }));
    const res = await postStripe(body, stripeSignature(body));
    await waitFor(async () => (await t.sidecar.inbox.get(res.body.inboxId))?.status === "ignored");
  });

  it("keeps the signed bytes exactly as received beside the payload the flows read (NUL, lone surrogate, bad UTF-8)", async () => {
    const event = stripeEvent({
      type: "customer.updated",
      object: { id: "cus_hostile", object: "customer", description: "nul:\u0000 lone:\ud800 raw:@@" },
    });
    const [before, after] = JSON.stringify(event).split("@@") as [string, string];
    const raw = Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
    // Signed as Stripe's library verifies it: over the body decoded as UTF-8.
    const res = await fetch(`${t.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": stripeSignature(raw.toString("utf8")) },
      body: raw,
    });
    const answer = (await res.json()) as { inboxId: string };
    expect(answer).toMatchObject({ received: true, duplicate: false });

    const row = await t.sidecar.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: answer.inboxId } });
    expect(Buffer.from(row.signedBody!).equals(raw)).toBe(true);
    expect((row.payload as typeof event).data.object).toMatchObject({
      description: "nul:\uFFFD lone:\uFFFD raw:\uFFFD\uFFFD",
    });
    const shown = await request(t.url)
      .post("/graphql")
      .set(bearer(t.adminToken))
      .send({ query: `{ inboxEvent(id: "${answer.inboxId}") { signedBody } }` });
    expect(Buffer.from(shown.body.data.inboxEvent.signedBody, "base64").equals(raw)).toBe(true);
  });

  describe("refuses bad Stripe input and stores nothing", () => {
    const event = stripeEvent();
    const body = JSON.stringify(event);
    const cases: [string, () => Promise<request.Response>, number, string][] = [
      ["missing signature", () => postStripe(body), 400, "bad_signature"],
      [
        "wrong secret",
        () => postStripe(body, stripeSignature(body, { secret: "whsec_not_ours_at_all" })),
        400,
        "bad_signature",
      ],
      ["tampered body", () => postStripe(body.replace("1999", "1"), stripeSignature(body)), 400, "bad_signature"],
      [
        "stale timestamp",
        () => postStripe(body, stripeSignature(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })),
        400,
        "stale_timestamp",
      ],
      [
        "future timestamp",
        () => postStripe(body, stripeSignature(body, { timestamp: Math.floor(Date.now() / 1000) + 301 })),
        400,
        "stale_timestamp",
      ],
      [
        // The first t= is now, the signature's own is in the future: the window check must not read one and
        // stripe-node verify the other.
        "second timestamp",
        () =>
          postStripe(
            body,
            `t=${Math.floor(Date.now() / 1000)},${stripeSignature(body, { timestamp: Math.floor(Date.now() / 1000) + 3000 })}`,
          ),
        400,
        "bad_signature",
      ],
      ["signed non-JSON", () => postStripe("{not json", stripeSignature("{not json")), 400, "bad_json"],
      ["signed non-event", () => postStripe('{"id":"x"}', stripeSignature('{"id":"x"}')), 400, "bad_shape"],
      ["body over 1 MiB", () => postStripe("x".repeat(1024 * 1024 + 1), stripeSignature("x")), 413, "too_large"],
    ];
    it.each(cases)("%s", async (_name, send, status, reason) => {
      const before = await settledTotals();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.error.reason).toBe(reason);
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(await totals()).toEqual(before);
    });
  });

  describe("bridge events", () => {
    const postBridge = (body: string, headers: Record<string, string>) =>
      request(t.url).post("/bridge/events").set("content-type", "application/json").set(headers).send(body);

    it("stores a signed envelope once and routes it to its handler", async () => {
      const envelope = bridgeEnvelope();
      const body = JSON.stringify(envelope);
      const res = await postBridge(body, bridgeHeaders(envelope.id, body));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, duplicate: false, inboxId: expect.any(String) });
      const dup = await postBridge(body, bridgeHeaders(envelope.id, body));
      expect(dup.body).toEqual({ received: true, duplicate: true, inboxId: res.body.inboxId });
      await waitFor(() => handled.some((e) => e.source === "bridge" && e.eventId === envelope.id));
      expect(await inboxCount(envelope.id)).toBe(1);
    });

    it("keeps the stored envelope when a redelivery's content differs, and counts the conflict", async () => {
      const conflicts = async () => {
        const metrics = (await request(t.url).get("/metrics").set(bearer(t.adminToken))).text;
        return Number(/sidecar_events_conflicting_total\{source="bridge"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      };
      const before = await conflicts();
      const envelope = bridgeEnvelope({ payload: { orderId: 1 } });
      const body = JSON.stringify(envelope);
      expect((await postBridge(body, bridgeHeaders(envelope.id, body))).body.duplicate).toBe(false);
      // The same content re-serialized (other key order) is the same event; other content is a conflict.
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(envelope).reverse()));
      expect((await postBridge(reordered, bridgeHeaders(envelope.id, reordered))).body.duplicate).toBe(true);
      const changed = JSON.stringify({ ...envelope, payload: { orderId: 2 } });
      expect((await postBridge(changed, bridgeHeaders(envelope.id, changed))).body.duplicate).toBe(true);
      await waitFor(async () => (await conflicts()) === before + 1);
      const stored = await t.sidecar.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId: envelope.id } });
      expect(stored.payload).toMatchObject({ payload: { orderId: 1 } });
    });

    const envelope = bridgeEnvelope();
    const body = JSON.stringify(envelope);
    const cases: [string, () => { body: string; headers: Record<string, string> }, number, string][] = [
      ["missing headers", () => ({ body, headers: {} }), 401, "bad_signature"],
      [
        "wrong secret",
        () => ({
          body,
          headers: bridgeHeaders(envelope.id, body, {
            secret: `whsec_${Buffer.from("another secret of 32 bytes long!").toString("base64")}`,
          }),
        }),
        401,
        "bad_signature",
      ],
      [
        "stale timestamp",
        () => ({ body, headers: bridgeHeaders(envelope.id, body, { timestamp: new Date(Date.now() - 301_000) }) }),
        400,
        "stale_timestamp",
      ],
      [
        "future timestamp",
        () => ({ body, headers: bridgeHeaders(envelope.id, body, { timestamp: new Date(Date.now() + 301_000) }) }),
        400,
        "stale_timestamp",
      ],
      [
        "webhook-id differs from envelope id",
        () => ({ body, headers: bridgeHeaders("other-id", body) }),
        400,
        "bad_shape",
      ],
      [
        "unsupported contract major",
        () => {
          const e = bridgeEnvelope({ contractVersion: "2.0" });
          const b = JSON.stringify(e);
          return { body: b, headers: bridgeHeaders(e.id, b) };
        },
        400,
        "bad_shape",
      ],
      [
        "envelope without payload",
        () => {
          const { payload: _dropped, ...e } = bridgeEnvelope();
          const b = JSON.stringify(e);
          return { body: b, headers: bridgeHeaders(e.id, b) };
        },
        400,
        "bad_shape",
      ],
      ["signed non-JSON", () => ({ body: "<xml/>", headers: bridgeHeaders("x1", "<xml/>") }), 400, "bad_json"],
    ];
    it.each(cases)("refuses %s and stores nothing", async (_name, make, status, reason) => {
      const before = await settledTotals();
      const { body: b, headers } = make();
      const res = await postBridge(b, headers);
      expect(res.status).toBe(status);
      expect(res.body.error.reason).toBe(reason);
      expect(await totals()).toEqual(before);
    });
  });

  it("counts accepted and rejected events in /metrics", async () => {
    const res = await request(t.url).get("/metrics").set(bearer(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/sidecar_events_accepted_total\{source="stripe",duplicate="false"\} [1-9]/);
    expect(res.text).toMatch(/sidecar_events_rejected_total\{source="stripe",reason="bad_signature"\} [1-9]/);
    expect(res.text).toMatch(/sidecar_events_rejected_total\{source="bridge",reason="stale_timestamp"\} [1-9]/);
    expect(res.text).toContain("sidecar_queue_depth");
  });

  it("reports health and readiness", async () => {
    expect((await request(t.url).get("/healthz")).body).toEqual({ status: "ok" });
    expect((await request(t.url).get("/readyz")).body).toEqual({ status: "ready", database: "ok", queue: "ok" });
  });
});
