import type { JobQueue } from "../jobs/job-queue.js";
import type { Logger } from "../logger.js";
import { inboxJob } from "./inbox-event.js";
import type { InboxRepository } from "./inbox-repository.js";

export interface SweeperOptions {
  intervalMs: number;
  /** Still waiting this long after storage: the process may have died between commit and enqueue. */
  waitingAfterMs: number;
  /** Enqueued but unfinished for this long: the queue may have lost the job. Re-enqueueing is idempotent. */
  unfinishedAfterMs: number;
  batchSize?: number;
}

/** Re-enqueues inbox events that never reached a worker, so nothing stored is ever left behind. */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly queue: JobQueue,
    private readonly options: SweeperOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass; returns how many events were re-enqueued. */
  async sweep(now = Date.now()): Promise<number> {
    try {
      const ids = await this.inbox.findStranded(
        new Date(now - this.options.waitingAfterMs),
        new Date(now - this.options.unfinishedAfterMs),
        this.options.batchSize ?? 500,
      );
      if (ids.length === 0) return 0;
      await this.queue.enqueue(ids.map(inboxJob));
      await this.inbox.markEnqueued(ids);
      this.logger.info({ count: ids.length }, "sweeper re-enqueued stranded inbox events");
      return ids.length;
    } catch (err) {
      this.logger.warn({ err }, "sweep failed; will try again");
      return 0;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
