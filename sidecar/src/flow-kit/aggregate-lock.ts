/**
 * One run per aggregate at a time: `run` waits until no other holder of the same key (in any process sharing
 * the database) is running, then runs `work` and lets the next one in.
 */
export interface AggregateLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * The lock within one process: a queue per key. It is the database-level lock on the embedded database, whose
 * files belong to a single process (db/directory-lock.ts), so no other process can advance the same aggregate.
 */
export class ProcessLock implements AggregateLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => {});
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
