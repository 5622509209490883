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
});

describe("IngestEvents", () => {
  it("stores the rest of a shared batch when the database refuses one event, and fails only that one", async () => {
    const inserts: string[][] = [];
    // Refuses any INSERT that contains the poisoned event, as PostgreSQL refuses a whole statement.
    const inbox = {
      insertMany: async (events: IncomingEvent[]) => {
        inserts.push(events.map((e) => e.eventId));
        if (events.some((e) => e.eventId === "evt_poison")) throw new Error("invalid input syntax for type json");
        return events.map((e) => `inbox-${e.eventId}`);
      },
      markNotEnqueued: async () => {},
    } as unknown as InboxRepository;
    const enqueued: string[] = [];
    const queue = { enqueue: async (jobs: { id: string }[]) => void enqueued.push(...jobs.map((j) => j.id)) };
    const ingest = new IngestEvents(inbox, queue as unknown as JobQueue, new Metrics(), pino({ level: "silent" }));

    const results = await Promise.allSettled(["evt_a", "evt_poison", "evt_b"].map((id) => ingest.accept(event(id))));

    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(inserts[0]).toEqual(["evt_a", "evt_poison", "evt_b"]);
    expect(enqueued.sort()).toEqual(["inbox-evt_a", "inbox-evt_b"]);
  });
});
