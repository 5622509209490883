import type { ReplayDeadLetter } from "../dead-letters/replay-dead-letter.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";

/** Replays of one dead letter made without a person: beyond these, it waits for one. */
const maxAutomaticReplays = 3;

/**
 * Dead letters whose cause was transient (a system's failures outlasted the retries) are replayed by themselves,
 * oldest first, once that system has recovered from an outage; those that need a person are left alone.
 */
export class ReplayAfterRecovery {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly replay: ReplayDeadLetter,
    private readonly logger: Logger,
  ) {}

  async replayFor(system: string): Promise<number> {
    const letters = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "DeadLetter"
      WHERE status = 'open' AND problem->>'code' = 'transient_exhausted' AND problem->>'system' = ${system}
        AND "replayCount" < ${maxAutomaticReplays}
      ORDER BY "deadAt" LIMIT 1000`;
    let replayed = 0;
    for (const { id } of letters) if ((await this.replay.replay(id)).kind === "replayed") replayed++;
    if (replayed > 0) this.logger.info({ system, replayed }, "transient dead letters replayed after the recovery");
    return replayed;
  }
}
