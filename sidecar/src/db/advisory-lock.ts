import type pg from "pg";
import type { AggregateLock } from "../flow-kit/aggregate-lock.js";

const lock = "SELECT pg_advisory_lock(hashtextextended($1, 0))";
const unlock = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";

/**
 * The aggregate lock on PostgreSQL: a session advisory lock keyed by a 64-bit hash of the key, held on a
 * connection of its own pool while the work runs. Processes sharing the database wait for each other in the
 * server, without polling, and a process that dies loses its session and with it the lock, so nothing stays
 * locked behind a crash (a lease row would have to expire first). The work's own queries use the main pool:
 * a run never needs a second connection from the pool its lock came from, so runs cannot starve each other.
 */
export class AdvisoryLock implements AggregateLock {
  constructor(private readonly pool: pg.Pool) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let sessionError: Error | undefined;
    // The pool stops listening while the client is out, and this one sits idle while the work runs: a session lost
    // meanwhile (PostgreSQL restarted) must not crash the process. The unlock then fails, so the run fails and its
    // job retries; the lock went with the session, and the actions' keys keep a retry from acting twice.
    const onLost = (err: Error) => {
      sessionError = err;
    };
    client.on("error", onLost);
    const onSession = (text: string) =>
      client.query(text, [key]).catch((err: Error) => {
        sessionError = err;
        throw err;
      });
    try {
      await onSession(lock);
      try {
        return await work();
      } finally {
        await onSession(unlock);
      }
    } finally {
      // A connection whose lock or unlock failed is closed: ending the session releases whatever it held.
      client.off("error", onLost);
      client.release(sessionError);
    }
  }
}
