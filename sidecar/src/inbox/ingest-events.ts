import type { JobQueue } from "../jobs/job-queue.js";
import { ItemFailure, MicroBatcher } from "../lib/micro-batcher.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type AcceptedEvent, type IncomingEvent, inboxJob } from "./inbox-event.js";
import type { InboxRepository } from "./inbox-repository.js";

/**
 * The durable half of the one path every event takes: store in the inbox (deduplicated), enqueue a job whose
 * id is the inbox id, and only then acknowledge. Concurrent requests share one INSERT and one enqueue.
 */
export class IngestEvents {
  private readonly batcher = new MicroBatcher<IncomingEvent, AcceptedEvent>((events) => this.store(events));

  constructor(
    private readonly inbox: InboxRepository,
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the event is durable; rejects only when the database is unavailable. */
  accept(event: IncomingEvent): Promise<AcceptedEvent> {
    return this.batcher.add(event);
  }

  private async store(events: IncomingEvent[]): Promise<(AcceptedEvent | ItemFailure)[]> {
    let ids: (string | undefined)[];
    try {
      ids = await this.inbox.insertMany(events);
    } catch (err) {
      if (events.length === 1 || !isRefusedData(err)) throw err;
      // One event the database refuses must not fail the others that shared its INSERT: store each alone.
      // (An unreachable database fails the batch once: retrying each event alone would only multiply queries.)
      return Promise.all(
        events.map((event) =>
          this.store([event]).then(
            (results) => results[0]!,
            (error) => new ItemFailure(error),
          ),
        ),
      );
    }
    const fresh = ids.filter((id): id is string => id !== undefined);
    await this.enqueue(fresh);
    const duplicates = events.filter((_, i) => ids[i] === undefined);
    // A redelivery is answered with the stored event's id too, so the sender can follow it up either way.
    const storedIds = duplicates.length > 0 ? await this.inbox.storedIds(duplicates) : [];
    void this.reportConflicts(duplicates.filter((event) => event.source === "bridge"));
    return events.map((event, i) => {
      const duplicate = ids[i] === undefined;
      this.metrics.eventsAccepted.inc({ source: event.source, duplicate: String(duplicate) });
      return { inboxId: ids[i] ?? storedIds.shift()!, duplicate };
    });
  }

  /**
   * The plugin's outbox resends an event byte for byte, so a bridge redelivery whose content differs is a sender
   * bug (or a forgery with our secret): the stored event stays authoritative, and the difference must be seen.
   * (Stripe's may differ, e.g. in pending_webhooks.) Checked after the answer, off the hot path.
   */
  private async reportConflicts(duplicates: IncomingEvent[]) {
    try {
      for (const event of await this.inbox.differingFromStored(duplicates)) {
        this.metrics.eventsConflicting.inc({ source: event.source });
        this.logger.warn(
          { source: event.source, eventId: event.eventId, type: event.type },
          "redelivered event differs from the stored one; the stored one is kept",
        );
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "could not compare redelivered events with the stored ones");
    }
  }

  /** Enqueue failures are not the sender's problem: the events are durable and the sweeper enqueues them. */
  private async enqueue(ids: string[]) {
    if (ids.length === 0) return;
    try {
      await this.queue.enqueue(ids.map(inboxJob));
    } catch (err) {
      this.logger.warn({ err, count: ids.length }, "stored events not enqueued; the sweeper will enqueue them");
      await this.inbox.markNotEnqueued(ids).catch(() => {});
    }
  }
}

/**
 * PostgreSQL refused the statement because of what it carried: SQLSTATE class 22 (data exception, such as an
 * untranslatable character), 23 (integrity constraint) or 54 (program limit exceeded, such as nesting).
 */
function isRefusedData(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
