import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { JobQueue } from "../jobs/job-queue.js";
import { Metrics } from "../observability/metrics.js";
import type { IncomingEvent } from "./inbox-event.js";
import type { InboxRepository } from "./inbox-repository.js";
import { IngestEvents } from "./ingest-events.js";

const event = (eventId: string): IncomingEvent => ({
  source: "stripe",
  eventId,
  type: "payment_intent.succeeded",
  occurredAt: undefined,
  payload: { id: eventId },
  signedBody: Buffer.from(JSON.stringify({ id: eventId })),
});

const silentLogger = pino({ level: "silent" });
const recordingQueue = (enqueued: string[]) =>
  ({ enqueue: async (jobs: { id: string }[]) => void enqueued.push(...jobs.map((j) => j.id)) }) as unknown as JobQueue;

describe("IngestEvents", () => {
  it("stores the rest of a shared batch when the database refuses one event, and fails only that one", async () => {
    const inserts: string[][] = [];
    // Refuses any INSERT that contains the poisoned event, as PostgreSQL refuses a whole statement.
    const inbox = {
      insertMany: async (events: IncomingEvent[]) => {
        inserts.push(events.map((e) => e.eventId));
        if (events.some((e) => e.eventId === "evt_poison"))
          throw Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" });
        return events.map((e) => `inbox-${e.eventId}`);
      },
      markNotEnqueued: async () => {},
    } as unknown as InboxRepository;
    const enqueued: string[] = [];
    const ingest = new IngestEvents(inbox, recordingQueue(enqueued), new Metrics(), silentLogger);

    const results = await Promise.allSettled(["evt_a", "evt_poison", "evt_b"].map((id) => ingest.accept(event(id))));

    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(inserts[0]).toEqual(["evt_a", "evt_poison", "evt_b"]);
    expect(enqueued.sort()).toEqual(["inbox-evt_a", "inbox-evt_b"]);
  });

  it("fails a whole batch once when the database is unreachable, without retrying each event alone", async () => {
    let inserts = 0;
    const inbox = {
      insertMany: async () => {
        inserts++;
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      },
    } as unknown as InboxRepository;
    const enqueued: string[] = [];
    const ingest = new IngestEvents(inbox, recordingQueue(enqueued), new Metrics(), silentLogger);

    const results = await Promise.allSettled(["evt_a", "evt_b", "evt_c"].map((id) => ingest.accept(event(id))));

    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(inserts).toBe(1);
    expect(enqueued).toEqual([]);
  });
});
