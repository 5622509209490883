import type { SqlRunner } from "../db/migrate.js";
import type { InboxEvent } from "../inbox/inbox-event.js";

/** A write that must commit exactly when the event is marked processed, in the same transaction. */
export type LocalEffect = (sql: SqlRunner) => Promise<unknown>;

/** What a handler is given besides its event. */
export interface HandlerContext {
  /**
   * Adds a local effect (a ledger posting, a review-queue row, a log entry): it is written in the transaction
   * that marks the event processed, after the handler returns. A retry after a crash or failure therefore never
   * finds half of them written, and an event is never processed without them.
   */
  commitWithEvent(effect: LocalEffect): void;
}

/** A flow's reaction to one stored event. Throw PermanentError for what a retry cannot fix. */
export type InboxHandler = (event: InboxEvent, context: HandlerContext) => Promise<void>;
