import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../sidecar/src/config.js";
import { createDatabase } from "./throwaway-database.js";

/**
 * The backends every integration suite runs on: the embedded default always; PostgreSQL+Redis (and
 * PostgreSQL with the database queue) when DATABASE_URL and REDIS_URL are given. With REQUIRE_SERVICES=1
 * (CI) a missing service fails the run instead of being left out.
 */
export interface Backend {
  name: "embedded" | "postgres+redis" | "postgres";
  /** Config overrides for one isolated sidecar: a fresh database and queue name of its own. */
  isolate(options?: { persistent?: boolean }): Promise<Isolated>;
}

export interface Isolated {
  overrides: Partial<Config>;
  cleanup: () => Promise<void>;
}

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

/** A throw-away database on the configured server, dropped afterwards. */
const freshDatabase = () => createDatabase(databaseUrl!);

const embedded: Backend = {
  name: "embedded",
  /** In memory, unless the test restarts the sidecar: then in a temporary folder. */
  isolate: async ({ persistent = false } = {}) => {
    const dir = persistent ? await mkdtemp(join(tmpdir(), "sidecar-test-")) : "memory://";
    return {
      overrides: { DATABASE_URL: undefined, REDIS_URL: undefined, DATA_DIR: dir },
      cleanup: async () => {
        if (persistent) await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresRedis: Backend = {
  name: "postgres+redis",
  isolate: async () => {
    const db = await freshDatabase();
    return {
      overrides: { DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_NAME: uniqueName("q") },
      cleanup: db.drop,
    };
  },
};

const postgresOnly: Backend = {
  name: "postgres",
  isolate: async () => {
    const db = await freshDatabase();
    return { overrides: { DATABASE_URL: db.url, REDIS_URL: undefined }, cleanup: db.drop };
  },
};

function serviceBackends(): Backend[] {
  if (databaseUrl && redisUrl) return [postgresRedis, postgresOnly];
  if (process.env.REQUIRE_SERVICES === "1")
    throw new Error("REQUIRE_SERVICES=1 but DATABASE_URL and REDIS_URL are not both set");
  return [];
}

export const backends: Backend[] = [embedded, ...serviceBackends()];
