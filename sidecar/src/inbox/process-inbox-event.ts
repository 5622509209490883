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
    const event = await this.inbox.claim(id, this.handlers.keys());
    if (event?.status !== "processing") return; // finished already, or no flow wants it (now ignored)
    await this.handlers.find(event.source, event.type)!(event);
    await this.inbox.markProcessed(id);
  };
}
