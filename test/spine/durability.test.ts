import request from "supertest";
import { describe, expect, it } from "vitest";
import type { Sidecar } from "../../sidecar/src/sidecar.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

async function deliver(url: string, count: number, type = "charge.succeeded") {
  const events = Array.from({ length: count }, () => stripeEvent({ type }));
  await Promise.all(
    events.map(async (event) => {
      const body = JSON.stringify(event);
      const res = await request(url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
      expect(res.status).toBe(200);
    }),
  );
  return events.map((e) => e.id);
}

const countByStatus = async (s: Sidecar, status: "processed" | "received") =>
  s.db.prisma.inboxEvent.count({ where: { status } });

describe.each(backends)("durability on $name", (backend) => {
  it("a restart loses nothing: events stored by a web-only process are processed after restart, once each", async () => {
    const seen: string[] = [];
    const store = await backend.isolate({ persistent: true });
    const first = await startTestSidecar(backend, {}, { workers: false, shareWith: store });
    const ids = await deliver(first.url, 25);
    expect(await countByStatus(first.sidecar, "received")).toBe(25);
    await first.close();

    const second = await startTestSidecar(
      backend,
      {},
      {
        shareWith: store,
        configure: (s) => s.handlers.on("stripe", "charge.succeeded", async (e) => void seen.push(e.eventId)),
      },
    );
    await waitFor(async () => (await countByStatus(second.sidecar, "processed")) === 25);
    expect(seen.sort()).toEqual([...ids].sort());
    await second.close();
    await store.cleanup();
  });

  it("graceful shutdown lets an in-flight job finish", async () => {
    let release: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store = await backend.isolate({ persistent: true });
    const t = await startTestSidecar(
      backend,
      {},
      {
        shareWith: store,
        configure: (s) =>
          s.handlers.on("stripe", "charge.succeeded", async () => {
            release();
            await new Promise((r) => setTimeout(r, 300));
          }),
      },
    );
    const [eventId] = await deliver(t.url, 1);
    await started;
    const before = await t.sidecar.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId } });
    expect(before.status).toBe("processing");
    await t.close();
    // Reopen the same store without workers: the job finished before shutdown completed.
    const reopened = await startTestSidecar(backend, {}, { workers: false, shareWith: store });
    const after = await reopened.sidecar.db.prisma.inboxEvent.findFirstOrThrow({ where: { eventId } });
    await reopened.close();
    await store.cleanup();
    expect(after.status).toBe("processed");
  });
});

describe.each(backends.filter((b) => b.name !== "embedded"))("scale-out on $name", (backend) => {
  it("two worker processes share one queue and process each of 200 events exactly once", async () => {
    const handledBy = new Map<string, string[]>();
    const record = (worker: string) => async (e: { eventId: string }) => {
      handledBy.set(e.eventId, [...(handledBy.get(e.eventId) ?? []), worker]);
    };
    const a = await startTestSidecar(
      backend,
      {},
      { configure: (s) => s.handlers.on("stripe", "charge.succeeded", record("a")) },
    );
    const b = await startTestSidecar(
      backend,
      {},
      {
        shareWith: a.isolated,
        configure: (s) => s.handlers.on("stripe", "charge.succeeded", record("b")),
      },
    );
    try {
      const ids = await deliver(a.url, 200);
      await waitFor(async () => (await countByStatus(a.sidecar, "processed")) === 200);
      expect([...handledBy.keys()].sort()).toEqual([...ids].sort());
      expect([...handledBy.values()].every((workers) => workers.length === 1)).toBe(true);
      const workersUsed = new Set([...handledBy.values()].flat());
      expect(workersUsed).toEqual(new Set(["a", "b"]));
    } finally {
      await b.close();
      await a.close();
    }
  });
});
