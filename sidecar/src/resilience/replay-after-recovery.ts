import { type BulkDeadLetters, MAX_BULK_LIMIT } from "../dead-letters/bulk-replay.js";
import type { Logger } from "../logger.js";

/** Replays of one dead letter made without a person: beyond these, it waits for one. */
const maxAutomaticReplays = 3;

/**
 * Dead letters whose cause was transient (a system's failures outlasted the retries) are replayed by themselves,
 * oldest first, once that system has recovered from an outage; those that need a person are left alone. The bulk
 * replay's claim makes a letter replay once however many processes see the recovery.
 */
export class ReplayAfterRecovery {
  constructor(
    private readonly deadLetters: Pick<BulkDeadLetters, "replayMatching">,
    private readonly logger: Logger,
  ) {}

  async replayFor(system: string): Promise<number> {
    const { replayed } = await this.deadLetters.replayMatching(
      { problemCode: "transient_exhausted", system, replayedFewerThan: maxAutomaticReplays },
      { dryRun: false, limit: MAX_BULK_LIMIT },
    );
    if (replayed > 0) this.logger.info({ system, replayed }, "transient dead letters replayed after the recovery");
    return replayed;
  }
}
