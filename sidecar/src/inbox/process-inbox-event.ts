import type { JobAttempt } from "../jobs/job-queue.js";
import type { EventHandlerRegistry } from "./event-handler-registry.js";
import type { InboxRepository } from "./inbox-repository.js";

/**
 * The worker half: load the stored event, hand it to the flow that owns its type, record the outcome.
 * An event already finished (processed, ignored, dead) is not processed again, however often its job runs.
 */
export class ProcessInboxEvent {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly handlers: EventHandlerRegistry,
  ) {}

  readonly handle = async (job: JobAttempt): Promise<void> => {
    const id = String(job.data.inboxEventId);
    const event = await this.inbox.get(id);
    if (!event) throw new Error(`inbox event ${id} not found`);
    if (event.status === "processed" || event.status === "ignored" || event.status === "dead") return;

    const handler = this.handlers.find(event.source, event.type);
    if (!handler) return this.inbox.markStatus(id, "ignored");

    await this.inbox.markStatus(id, "processing");
    await handler(event);
    await this.inbox.markStatus(id, "processed");
  };
}
