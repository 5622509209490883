// A handler's local effects (ledger postings, review rows) commit in the one transaction that marks its event
// processed: a failure leaves neither, the retry writes both once, and a permanent failure writes none.
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventKey } from "../../sidecar/src/flow-kit/action-key.js";
import { PermanentError } from "../../sidecar/src/jobs/permanent-error.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

describe.each(backends)("local effects commit with the event on $name", (backend) => {
  let t: TestSidecar;
  /** Per event: attempts seen, and which attempt's commit fails. */
  const attempts = new Map<string, number>();
  const failCommitOn = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      {},
      {
        configure: (sidecar) => {
          const host = sidecar.hostFor("kit-test");
          const posting = (id: string, name: string) => ({
            key: eventKey("stripe", `${id}:${name}`),
            aggregate: id,
            kind: "action" as const,
            name,
            detail: {},
          });
          host.onEvent("stripe", "payout.paid", async (event, context) => {
            const attempt = (attempts.get(event.eventId) ?? 0) + 1;
            attempts.set(event.eventId, attempt);
            context.commitWithEvent((sql) => host.actionLog.record(posting(event.eventId, "debit"), sql));
            context.commitWithEvent(async (sql) => {
              if (failCommitOn.get(event.eventId) === attempt) throw new Error("ledger unavailable");
              await host.actionLog.record(posting(event.eventId, "credit"), sql);
            });
          });
          host.onEvent("stripe", "payout.failed", async (event, context) => {
            context.commitWithEvent((sql) => host.actionLog.record(posting(event.eventId, "debit"), sql));
            throw new PermanentError("no such payout", { code: "payout_missing", system: "stripe" });
          });
        },
      },
    );
  });
  afterAll(() => t?.close());

  async function deliver(type: string) {
    const event = stripeEvent({ type, object: { id: "po_1", object: "payout" } });
    const body = JSON.stringify(event);
    const res = await request(t.url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
    expect(res.status).toBe(200);
    return { eventId: event.id, inboxId: res.body.inboxId as string };
  }

  const postings = (eventId: string) =>
    t.sidecar.db.prisma.actionLogEntry.findMany({ where: { flow: "kit-test", aggregate: eventId } });

  it("writes the effects and the processed mark together", async () => {
    const { eventId, inboxId } = await deliver("payout.paid");
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    expect((await postings(eventId)).map((p) => p.name).sort()).toEqual(["credit", "debit"]);
  });

  it("keeps none of them when the commit fails, and writes each once on the retry", async () => {
    const event = stripeEvent({ type: "payout.paid", object: { id: "po_2", object: "payout" } });
    failCommitOn.set(event.id, 1);
    const body = JSON.stringify(event);
    const res = await request(t.url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
    const inboxId = res.body.inboxId as string;
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    expect(attempts.get(event.id)).toBe(2);
    expect((await postings(event.id)).map((p) => p.name).sort()).toEqual(["credit", "debit"]);
    const failures = await t.sidecar.db.prisma.jobFailure.findMany({ where: { jobId: inboxId } });
    expect(failures.map((f) => f.error)).toEqual(["Error: ledger unavailable"]);
  });

  it("writes nothing for an event that fails for good, and keeps the problem's structure", async () => {
    const { eventId, inboxId } = await deliver("payout.failed");
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "dead");
    expect(await postings(eventId)).toEqual([]);
    const letter = await t.sidecar.db.prisma.deadLetter.findFirstOrThrow({ where: { inboxEventId: inboxId } });
    expect(letter.problem).toEqual({ code: "payout_missing", system: "stripe" });
  });
});
