import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError } from "../../sidecar/src/jobs/permanent-error.js";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

const graphql = (t: TestSidecar, query: string, variables: Record<string, unknown> = {}) =>
  request(t.url)
    .post("/graphql")
    .set("content-type", "application/json")
    .set(bearer(t.adminToken))
    .send({ query, variables });

describe.each(backends)("retries, dead letters and replay on $name", (backend) => {
  let t: TestSidecar;
  /** Per event id: how many attempts the handler has seen, and how many to fail before succeeding. */
  const attempts = new Map<string, number>();
  const failFirst = new Map<string, number>();
  let brokenMapping = true;

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      {},
      {
        configure: (s) => {
          s.handlers.on("stripe", "charge.succeeded", async (e) => {
            const n = (attempts.get(e.eventId) ?? 0) + 1;
            attempts.set(e.eventId, n);
            if (n <= (failFirst.get(e.eventId) ?? 0)) throw new Error(`ERP unreachable (attempt ${n})`);
          });
          s.handlers.on("stripe", "charge.refunded", async () => {
            if (brokenMapping)
              throw new PermanentError(
                "mapping: field order.currency is missing",
                "map charge.currency to order.currency",
              );
          });
        },
      },
    );
  });
  afterAll(() => t?.close());

  async function deliver(type: string, failures = 0) {
    const event = stripeEvent({ type });
    failFirst.set(event.id, failures);
    const body = JSON.stringify(event);
    const res = await request(t.url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
    expect(res.status).toBe(200);
    return { event, inboxId: res.body.inboxId as string };
  }

  it("retries a transient failure with backoff and then succeeds", async () => {
    const { event, inboxId } = await deliver("charge.succeeded", 2);
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    expect(attempts.get(event.id)).toBe(3);
    const failures = await t.sidecar.db.prisma.jobFailure.findMany({
      where: { jobId: inboxId },
      orderBy: { attempt: "asc" },
    });
    expect(failures.map((f) => f.attempt)).toEqual([1, 2]);
    expect(failures[0]?.error).toContain("ERP unreachable (attempt 1)");
    expect((await t.sidecar.inbox.get(inboxId))?.attempts).toBe(3);
  });

  it("dead-letters after the attempt limit, with the attempt history", async () => {
    const { event, inboxId } = await deliver("charge.succeeded", 99);
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "dead");
    expect(attempts.get(event.id)).toBe(3); // JOB_MAX_ATTEMPTS=3 in tests
    const letter = await t.sidecar.db.prisma.deadLetter.findFirstOrThrow({ where: { inboxEventId: inboxId } });
    expect(letter.error).toContain("ERP unreachable (attempt 3)");
    expect((letter.attempts as { attempt: number }[]).map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(letter.data).toEqual({ inboxEventId: inboxId });
  });

  it("dead-letters a permanent failure at once with its suggestion, and replays it from GraphQL once fixed", async () => {
    brokenMapping = true;
    const { inboxId } = await deliver("charge.refunded");
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "dead");
    const listed = await graphql(
      t,
      `{ deadLetters(first: 50, status: open) { edges { node { id error suggestion attempts { attempt error } inboxEvent { id status type } } } } }`,
    );
    const node = listed.body.data.deadLetters.edges
      .map((e: { node: { inboxEvent: { id: string } } }) => e.node)
      .find((n: { inboxEvent: { id: string } }) => n.inboxEvent.id === inboxId);
    expect(node).toMatchObject({
      error: "PermanentError: mapping: field order.currency is missing",
      suggestion: "map charge.currency to order.currency",
      attempts: [{ attempt: 1 }],
      inboxEvent: { status: "dead", type: "charge.refunded" },
    });

    brokenMapping = false;
    const replay = `mutation($id: ID!) { replayDeadLetter(id: $id) { replayed message jobId } }`;
    const replayed = await graphql(t, replay, { id: node.id });
    expect(replayed.body.data.replayDeadLetter).toEqual({
      replayed: true,
      message: "queued for replay",
      jobId: inboxId,
    });
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");

    const twice = await graphql(t, replay, { id: node.id });
    expect(twice.body.data.replayDeadLetter).toMatchObject({
      replayed: false,
      message: "dead letter is replayed, not open",
    });
    const missing = await graphql(t, replay, { id: "00000000-0000-0000-0000-000000000000" });
    expect(missing.body.data.replayDeadLetter.replayed).toBe(false);
  });

  it("the sweeper enqueues an event that was stored but never enqueued", async () => {
    const stored = await t.sidecar.db.prisma.inboxEvent.create({
      data: {
        source: "stripe",
        eventId: stripeEvent().id,
        type: "charge.succeeded",
        payload: {},
        receivedAt: new Date(Date.now() - 60_000),
      },
    });
    expect(await t.sidecar.sweeper.enqueueStranded()).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await t.sidecar.inbox.get(stored.id))?.status === "processed");
    expect(attempts.get(stored.eventId)).toBe(1);
  });

  it("lists inbox events through GraphQL with filters and cursor pagination", async () => {
    const delivered = [];
    for (let i = 0; i < 5; i++) delivered.push(await deliver("charge.succeeded"));
    const query = `query($after: String) { inboxEvents(first: 2, after: $after, source: stripe, type: "charge.succeeded") {
      edges { cursor node { id eventId type source status receivedAt } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await graphql(t, query, { after });
      const page = res.body.data.inboxEvents;
      for (const edge of page.edges) {
        expect(edge.node).toMatchObject({ type: "charge.succeeded", source: "stripe" });
        seen.push(edge.node.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length); // no event on two pages
    for (const d of delivered) expect(seen).toContain(d.inboxId);
    const total = await t.sidecar.db.prisma.inboxEvent.count({ where: { source: "stripe", type: "charge.succeeded" } });
    expect(seen).toHaveLength(total);

    const health = await graphql(
      t,
      "{ queueHealth { backend waiting active delayed openDeadLetters unfinishedEvents } }",
    );
    expect(health.body.data.queueHealth).toMatchObject({
      backend: backend.name === "postgres+redis" ? "bullmq" : "database",
      openDeadLetters: expect.any(Number),
    });
    expect(health.body.data.queueHealth.openDeadLetters).toBeGreaterThanOrEqual(1);
  });
});
