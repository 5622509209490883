import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type AggregateLock, ProcessLock } from "../flow-kit/aggregate-lock.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { AdvisoryLock } from "./advisory-lock.js";
import { lockDirectory } from "./directory-lock.js";
import { AdvisoryExclusiveRun, type ExclusiveRun, InProcessExclusiveRun } from "./exclusive-run.js";
import { applyMigrations, type SqlRunner } from "./migrate.js";
import { pgliteAdapter } from "./pglite-adapter.js";

export type DatabaseBackend = "postgres" | "pglite";

export interface Database {
  readonly prisma: PrismaClient;
  /** The same database through its driver, for the few hot paths where Prisma's per-query work shows. */
  readonly sql: SqlRunner;
  /** Runs `work` in one transaction on one connection: everything it writes through `sql` commits together. */
  transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /** One run per key at a time, across every process on this database. */
  readonly aggregateLock: AggregateLock;
  /** At most one run per key across every process, skipped rather than waited for (background chores). */
  readonly exclusive: ExclusiveRun;
  readonly backend: DatabaseBackend;
  /** Where the data lives, without credentials. */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it, PGlite in `dataDir` (or in memory for `memory://`). */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** Connections that hold aggregate locks (PostgreSQL); more concurrent runs wait for one. */
  lockPoolSize?: number;
  /**
   * An idle pooled connection that breaks (PostgreSQL restarted, an administrator ended it) is reported here;
   * the pool replaces it on the next query. Without a listener, pg would throw it as an uncaught exception.
   */
  onIdleConnectionError?: (err: Error) => void;
  /**
   * A PostgreSQL that does not answer yet (restarting, still starting) is waited for this long at start-up, so a
   * process started alongside it does not exit and restart in a loop. Default 60 s.
   */
  connectTimeoutMs?: number;
  /** Told once while waiting for PostgreSQL to answer. */
  onWaiting?: (err: Error) => void;
}

/** Opens the database, applies pending migrations, and returns a Prisma client on the right driver adapter. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options) : openPglite(options.dataDir);
}

/** PostgreSQL is not there yet (refused, reset, starting up, shutting down): worth waiting for at start-up. */
const notReachableYet = (err: unknown) =>
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P03|57P01)$/.test(String((err as { code?: unknown }).code));

async function connectWhenReachable(
  connectionString: string,
  timeoutMs: number,
  onWaiting: ((err: Error) => void) | undefined,
): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  for (let told = false; ; ) {
    const client = new pg.Client({ connectionString });
    client.on("error", () => {}); // a failed connect rejects below; nothing else to hear
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      if (!notReachableYet(err) || Date.now() > deadline) throw err;
      if (!told) onWaiting?.(err as Error);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const MIGRATION_LOCK_KEY = 727_274_001; // any constant; serializes concurrent start-ups of web and workers

async function openPostgres({
  databaseUrl = "",
  poolSize = 20,
  lockPoolSize = 16,
  onIdleConnectionError,
  connectTimeoutMs = 60_000,
  onWaiting,
}: DatabaseOptions): Promise<Database> {
  const client = await connectWhenReachable(databaseUrl, connectTimeoutMs, onWaiting);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await applyMigrations({ exec: (sql) => client.query(sql), query: (sql, params) => client.query(sql, params) });
  } finally {
    await client.end();
  }
  // JIT pays off for long analytical queries only: on the sidecar's short statements PostgreSQL's cost estimates
  // (stale statistics on a freshly filled table) trigger compilation that takes up to a second per statement.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: "-c jit=off" });
  pool.on("error", (err) => onIdleConnectionError?.(err));
  const lockPool = new pg.Pool({ connectionString: databaseUrl, max: lockPoolSize });
  lockPool.on("error", (err) => onIdleConnectionError?.(err));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const url = new URL(databaseUrl);
  const names = new Map<string, string>();
  return {
    prisma,
    sql: { exec: (text) => pool.query(text), query: preparedQueries(pool, names) },
    transaction: async (work) => {
      const client = await pool.connect();
      let failed: Error | undefined;
      // The pool stops listening while the client is out: a connection lost meanwhile must not crash the process.
      const onLost = (err: Error) => {
        failed = err;
      };
      client.on("error", onLost);
      try {
        await client.query("BEGIN");
        const result = await work({ exec: (text) => client.query(text), query: preparedQueries(client, names) });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          failed = rollbackError; // the connection is in no state to be reused
        });
        throw err;
      } finally {
        client.off("error", onLost);
        client.release(failed);
      }
    },
    aggregateLock: new AdvisoryLock(lockPool),
    exclusive: new AdvisoryExclusiveRun(lockPool),
    backend: "postgres",
    location: `postgresql://${url.host}${url.pathname}`,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      await lockPool.end();
    },
  };
}

/**
 * Parameterized statements run as named prepared statements: each pooled connection parses and plans one once,
 * then only binds and executes it. The hot paths run a fixed set of statement texts many times per order;
 * past `maxNamed` distinct texts (never expected: texts are constants in code) statements run unnamed, so a
 * dynamically built text cannot grow every connection's statement cache without bound.
 */
function preparedQueries(
  pool: pg.Pool | pg.PoolClient,
  names: Map<string, string>,
  maxNamed = 500,
): SqlRunner["query"] {
  return (text, params) => {
    if (!params) return pool.query(text);
    let name = names.get(text);
    if (name === undefined && names.size < maxNamed) {
      name = `s${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
      names.set(text, name);
    }
    return pool.query({ name, text, values: params });
  };
}

/** Where the embedded database keeps its files under DATA_DIR. */
export const embeddedDatabaseDir = (dataDir: string) => resolve(join(dataDir, "pglite"));

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith("memory://");
  const dir = inMemory ? dataDir : embeddedDatabaseDir(dataDir);
  if (!inMemory) await mkdir(dir, { recursive: true });
  // Files on disk must be this process's alone; memory is anyway.
  const lock = inMemory ? undefined : await lockDirectory(dir);
  let pglite: PGlite | undefined;
  const closePglite = async () => {
    try {
      await pglite?.close();
    } finally {
      await lock?.release();
    }
  };
  try {
    pglite = await PGlite.create(dir);
    await applyMigrations(pglite);
  } catch (err) {
    await closePglite();
    throw err;
  }
  const embedded = pglite;
  const prisma = new PrismaClient({ adapter: pgliteAdapter(embedded) });
  return {
    prisma,
    sql: embedded,
    // PGlite runs one statement at a time; its transaction holds the database until it ends.
    transaction: (work) => embedded.transaction((tx) => work(tx)),
    aggregateLock: new ProcessLock(),
    exclusive: new InProcessExclusiveRun(),
    backend: "pglite",
    location: inMemory ? "memory" : dir,
    close: async () => {
      try {
        await prisma.$disconnect();
      } finally {
        await closePglite();
      }
    },
  };
}
