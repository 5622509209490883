import type pg from "pg";

/** What a run that may be skipped gives back: the work's value, or that another holder had the key. */
export type ExclusiveOutcome<T> = { ran: true; value: T } | { ran: false };

/**
 * At most one run per key at a time across every process on the database, without waiting: a second caller is
 * told the key is taken and does something else (background chores that another process is already doing).
 */
export interface ExclusiveRun {
  tryRun<T>(key: string, work: () => Promise<T>): Promise<ExclusiveOutcome<T>>;
}

/**
 * PostgreSQL: a session advisory lock tried on a connection of its own, held while the work runs. A process that
 * dies loses its session and with it the lock, so nothing stays taken behind a crash.
 */
export class AdvisoryExclusiveRun implements ExclusiveRun {
  constructor(private readonly pool: pg.Pool) {}

  async tryRun<T>(key: string, work: () => Promise<T>): Promise<ExclusiveOutcome<T>> {
    const client = await this.pool.connect();
    let sessionError: Error | undefined;
    try {
      const { rows } = await client.query<{ taken: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken",
        [key],
      );
      if (!rows[0]?.taken) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch((err: Error) => {
          sessionError = err;
        });
      }
    } finally {
      // A connection whose unlock failed is closed: ending the session releases the lock.
      client.release(sessionError);
    }
  }
}

/** The embedded database belongs to one process (db/directory-lock.ts), so a key held in memory is enough. */
export class InProcessExclusiveRun implements ExclusiveRun {
  private readonly held = new Set<string>();

  async tryRun<T>(key: string, work: () => Promise<T>): Promise<ExclusiveOutcome<T>> {
    if (this.held.has(key)) return { ran: false };
    this.held.add(key);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.held.delete(key);
    }
  }
}
