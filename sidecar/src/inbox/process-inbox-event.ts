import type { SqlRunner } from "../db/migrate.js";
import type { LocalEffect } from "../flow-kit/inbox-handler.js";
import type { JobAttempt } from "../jobs/job-queue.js";
import type { EventHandlerRegistry } from "./event-handler-registry.js";
import type { InboxRepository } from "./inbox-repository.js";

/**
 * The worker half: load the stored event, hand it to the flow that owns its type, record the outcome.
 * An event already finished (processed, ignored, dead) is not processed again, however often its job runs.
 * The handler's local effects commit in the same transaction that marks the event processed.
 */
export class ProcessInboxEvent {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly handlers: EventHandlerRegistry,
    private readonly transaction: <T>(work: (sql: SqlRunner) => Promise<T>) => Promise<T>,
  ) {}

  readonly handle = async (job: JobAttempt): Promise<void> => {
    const id = String(job.data.inboxEventId);
    const event = await this.inbox.claim(id, this.handlers.keys());
    if (event?.status !== "processing") return; // finished already, or no flow wants it (now ignored)
    const effects: LocalEffect[] = [];
    await this.handlers.find(event.source, event.type)!(event, { commitWithEvent: (effect) => effects.push(effect) });
    if (effects.length === 0) return this.inbox.markProcessed(id); // one statement, no transaction needed
    await this.transaction(async (sql) => {
      for (const effect of effects) await effect(sql);
      await this.inbox.markProcessed(id, sql);
    });
  };
}
